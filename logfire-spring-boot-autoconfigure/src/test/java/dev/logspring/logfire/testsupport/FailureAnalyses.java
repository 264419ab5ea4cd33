package dev.logspring.logfire.testsupport;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;

/**
 * Runs the failure analyzers registered in {@code spring.factories} over a startup failure, as
 * Spring Boot does when an application fails to start.
 */
public final class FailureAnalyses {

	private FailureAnalyses() {
	}

	/** The report of our analyzer, or {@code null} when it has nothing to say. */
	public static FailureAnalysis logfire(Throwable failure) {
		return analyze(failure, true);
	}

	/** The report of the first analyzer (ours or Spring Boot's) that explains the failure. */
	public static FailureAnalysis any(Throwable failure) {
		return analyze(failure, false);
	}

	private static FailureAnalysis analyze(Throwable failure, boolean logfireOnly) {
		// Analyzers that need more context than a test provides are skipped.
		ArgumentResolver arguments = ArgumentResolver.of(BeanFactory.class, new DefaultListableBeanFactory())
			.and(Environment.class, new StandardEnvironment());
		for (FailureAnalyzer analyzer : SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, arguments, FailureHandler.handleMessage((message, ex) -> {
			}))) {
			FailureAnalysis analysis = analyzer.analyze(failure);
			if (analysis != null && (!logfireOnly || analysis.getDescription().contains("Logfire"))) {
				return analysis;
			}
		}
		return null;
	}

}
