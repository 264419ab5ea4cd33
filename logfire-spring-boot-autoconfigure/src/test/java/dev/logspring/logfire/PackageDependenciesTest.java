package dev.logspring.logfire;

import java.util.Set;
import java.util.TreeSet;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dependency arrows of the starter's packages point one way: the public API (with the
 * extension points users implement) depends on nothing of the starter, the shared internals only
 * on the API, the features on both, and only auto-configurations on the root auto-configuration.
 * Every package declares its nullness ({@code @NullMarked}) as Spring Boot's do.
 */
class PackageDependenciesTest {

	private static final String ROOT = "dev.logspring.logfire";

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
		.importPackages(ROOT);

	@Test
	void packagesHaveNoCycles() {
		slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(CLASSES);
	}

	@Test
	void apiDependsOnNothingOfTheStarter() {
		noClasses().that()
			.resideInAPackage(ROOT + ".api..")
			.should()
			.dependOnClassesThat(starterClassesOutside(ROOT + ".api"))
			.check(CLASSES);
	}

	@Test
	void internalsDependOnlyOnTheApi() {
		noClasses().that()
			.resideInAPackage(ROOT + ".internal..")
			.should()
			.dependOnClassesThat(starterClassesOutside(ROOT + ".api", ROOT + ".internal"))
			.check(CLASSES);
	}

	@Test
	void onlyAutoConfigurationsDependOnTheRootAutoConfiguration() {
		noClasses().that()
			.resideOutsideOfPackage(ROOT + ".autoconfigure..")
			.and(DescribedPredicate.not(configurationClasses()))
			.should()
			.dependOnClassesThat()
			.resideInAPackage(ROOT + ".autoconfigure..")
			.check(CLASSES);
	}

	@Test
	void everyPackageIsNullMarked() {
		Set<String> packages = new TreeSet<>();
		CLASSES.forEach((type) -> packages.add(type.getPackageName()));
		assertThat(packages).hasSizeGreaterThan(20).allSatisfy((name) -> {
			String info = name + ".package-info";
			assertThat(ClassUtils.isPresent(info, null)).as(info).isTrue();
			assertThat(ClassUtils.resolveClassName(info, null).isAnnotationPresent(NullMarked.class)).as(info).isTrue();
		});
	}

	private static DescribedPredicate<JavaClass> starterClassesOutside(String... allowed) {
		return DescribedPredicate.describe("starter classes outside " + String.join(", ", allowed), (type) -> {
			if (!type.getPackageName().startsWith(ROOT + ".") || type.getPackageName().startsWith(ROOT + ".otlp.")) {
				return false;
			}
			for (String pkg : allowed) {
				if (type.getPackageName().equals(pkg) || type.getPackageName().startsWith(pkg + ".")) {
					return false;
				}
			}
			return true;
		});
	}

	/** Auto-configurations, the configuration classes they import, and the classes nested in them. */
	private static DescribedPredicate<JavaClass> configurationClasses() {
		return DescribedPredicate.describe("auto-configurations and their parts", (type) -> {
			for (JavaClass current = type; current != null; current = current.getEnclosingClass().orElse(null)) {
				if (current.isAnnotatedWith(AutoConfiguration.class) || current.isAnnotatedWith(Configuration.class)
						|| current.isMetaAnnotatedWith(Configuration.class)) {
					return true;
				}
			}
			return false;
		});
	}

}
