package dev.logspring.logfire.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The text {@code logfire.exception.fingerprint} hashes, laid out as Logfire's Python SDK lays it
 * out; the spans that carry it are checked in {@code autoconfigure.ExceptionFingerprintTest}.
 */
class ExceptionFingerprintCanonicalTest {

	@Test
	void canonicalTextIsLaidOutAsPythonLaysItOut() throws Exception {
		IllegalStateException cause = new IllegalStateException("no row");
		cause.setStackTrace(new StackTraceElement[] { frame("com.shop.Repository", "find", 12) });
		RuntimeException exception = new RuntimeException("lookup failed " + System.nanoTime(), cause);
		exception.setStackTrace(new StackTraceElement[] { frame("com.shop.Service", "load", 40),
				frame("com.shop.Service", "load", 41), frame("com.shop.Service$$Lambda/0x000001f0010a3c40", "apply", 0),
				frame("jdk.proxy2.$Proxy45", "load", 0), frame("com.shop.Controller", "get", 7) });
		String expected = "\njava.lang.RuntimeException\n----" + "\ncom.shop.Service.load\n   "
				+ "\ncom.shop.Service$$Lambda.apply\n   " + "\njdk.proxy2.$Proxy.load\n   "
				+ "\ncom.shop.Controller.get\n   " + "\n\n__cause__:\n" + "\njava.lang.IllegalStateException\n----"
				+ "\ncom.shop.Repository.find\n   ";
		assertThat(ExceptionFingerprint.canonical(exception)).isEqualTo(expected);
		String sha256 = HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(expected.getBytes(StandardCharsets.UTF_8)));
		assertThat(ExceptionFingerprint.of(exception)).isEqualTo(sha256);
	}

	@Test
	void deepRecursionIsCutAsPythonCutsARecursionError() {
		StackOverflowError overflow = new StackOverflowError();
		StackTraceElement[] frames = new StackTraceElement[300];
		for (int i = 0; i < frames.length; i++) {
			frames[i] = frame("com.shop.Tree", (i % 2 == 0) ? "walk" : "visit", i);
		}
		overflow.setStackTrace(frames);
		assertThat(ExceptionFingerprint.canonical(overflow)).isEqualTo("\njava.lang.StackOverflowError\n----"
				+ "\ncom.shop.Tree.walk\n   " + "\ncom.shop.Tree.visit\n   " + "\n\n<recursion detected>");
	}

	private static StackTraceElement frame(String type, String method, int line) {
		return new StackTraceElement(type, method, "Source.java", line);
	}

}
