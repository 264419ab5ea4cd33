package dev.logspring.logfire.config;

import dev.logspring.logfire.api.Level;

import org.springframework.core.convert.converter.Converter;

/**
 * Binds a level as users write it, Logfire's {@code warning} included, which Boot's own enum
 * binding (case and dashes aside) would refuse.
 */
public final class LevelConverter implements Converter<String, Level> {

	@Override
	public Level convert(String source) {
		return Level.parse(source);
	}

}
