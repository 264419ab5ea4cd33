package dev.logspring.logfire.export;

/**
 * The starter's version, read from the jar manifest (absent when running from classes).
 */
final class StarterVersion {

	private StarterVersion() {
	}

	static String get() {
		String version = StarterVersion.class.getPackage().getImplementationVersion();
		return (version != null) ? version : "dev";
	}

}
