package dev.logspring.logfire.traced;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;

import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.SpringAsmInfo;
import org.springframework.asm.Type;

/**
 * Where a method is written, as Logfire's {@code @instrument} reports it: {@code code.filepath}
 * and {@code code.lineno}. Read once per method from its class file's debug information (the
 * {@code SourceFile} attribute and the method's {@code LineNumberTable}), which every
 * {@code javac} and {@code kotlinc} build keeps by default; nothing is known when a build
 * stripped it.
 * <ul>
 * <li>The path is the package's directories and the source file ({@code com/shop/Orders.java}):
 * the file relative to its source root, as Python's is relative to the working directory. The
 * source root itself is not in the class file.</li>
 * <li>The line is the one above the method's first statement. Java keeps no line for a
 * declaration; for a signature on one line with its brace, formatted as Spring formats code,
 * that is the declaration's line (Python reports the {@code def} line). Reading it from the
 * class file costs a few microseconds once per method; a stack walk at the first call would
 * give the caller's line, not the method's.</li>
 * </ul>
 */
record SourceLocation(@Nullable String filepath, long lineno) {

	static final SourceLocation UNKNOWN = new SourceLocation(null, 0);

	static SourceLocation of(Method method) {
		Class<?> type = method.getDeclaringClass();
		String resource = type.getName().replace('.', '/') + ".class";
		ClassLoader loader = (type.getClassLoader() != null) ? type.getClassLoader() : ClassLoader.getSystemClassLoader();
		try (InputStream bytes = loader.getResourceAsStream(resource)) {
			if (bytes == null) {
				return UNKNOWN;
			}
			Finder finder = new Finder(method.getName(), Type.getMethodDescriptor(method));
			new ClassReader(bytes).accept(finder, ClassReader.SKIP_FRAMES);
			if (finder.sourceFile == null && finder.firstLine == Integer.MAX_VALUE) {
				return UNKNOWN;
			}
			String directory = type.getPackageName().replace('.', '/');
			String filepath = (finder.sourceFile == null) ? null
					: directory.isEmpty() ? finder.sourceFile : directory + "/" + finder.sourceFile;
			long line = (finder.firstLine == Integer.MAX_VALUE) ? 0 : Math.max(1, finder.firstLine - 1);
			return new SourceLocation(filepath, line);
		}
		catch (IOException | RuntimeException ex) {
			return UNKNOWN;
		}
	}

	private static final class Finder extends ClassVisitor {

		private final String name;

		private final String descriptor;

		@Nullable String sourceFile;

		int firstLine = Integer.MAX_VALUE;

		Finder(String name, String descriptor) {
			super(SpringAsmInfo.ASM_VERSION);
			this.name = name;
			this.descriptor = descriptor;
		}

		@Override
		public void visitSource(@Nullable String source, @Nullable String debug) {
			this.sourceFile = source;
		}

		@Override
		public @Nullable MethodVisitor visitMethod(int access, String name, String descriptor, @Nullable String signature,
				String @Nullable [] exceptions) {
			if (!name.equals(this.name) || !descriptor.equals(this.descriptor)) {
				return null;
			}
			return new MethodVisitor(SpringAsmInfo.ASM_VERSION) {

				@Override
				public void visitLineNumber(int line, org.springframework.asm.Label start) {
					Finder.this.firstLine = Math.min(Finder.this.firstLine, line);
				}

			};
		}

	}

}
