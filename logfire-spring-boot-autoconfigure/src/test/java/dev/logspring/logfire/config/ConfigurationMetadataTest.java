package dev.logspring.logfire.config;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * IDEs complete what the generated metadata describes: every property in the configuration
 * reference (docs/configuration.md, linked from the README) must be there, with a description,
 * and the reference must list every property.
 */
class ConfigurationMetadataTest {

	@Test
	void everyDocumentedPropertyIsInTheMetadataAndViceVersa() throws Exception {
		JsonNode metadata;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			metadata = JsonMapper.builder().build().readTree(in);
		}
		Set<String> generated = new TreeSet<>();
		for (JsonNode property : metadata.get("properties")) {
			assertThat(property.path("description").asString()).as(property.get("name").asString()).isNotBlank();
			// the reference documents our properties; Boot documents management.* (e.g. our endpoint's access)
			if (property.get("name").asString().startsWith("logfire.")) {
				generated.add(property.get("name").asString());
			}
		}
		assertThat(Files.readString(Path.of("..", "README.md"))).contains("](docs/configuration.md)");
		String reference = Files.readString(Path.of("..", "docs", "configuration.md"));
		Set<String> documented = new TreeSet<>();
		Matcher matcher = Pattern.compile("^\\| `(logfire\\.[a-z0-9.\\-<>*]+?)(\\.\\*)?` \\|", Pattern.MULTILINE)
			.matcher(reference);
		while (matcher.find()) {
			documented.add(matcher.group(1));
		}
		assertThat(documented).isNotEmpty();
		assertThat(generated).containsAll(documented);
		assertThat(documented).containsAll(generated);
	}

}
