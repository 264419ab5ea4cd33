package dev.logspring.logfire.scrubbing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.logspring.logfire.internal.LogfireAttributes;
import dev.logspring.logfire.testsupport.RecordingSpanExporter;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated spans with secrets planted under sensitive keys, in nested JSON, headers, query
 * strings, events, links, exception messages and message templates: after sanitizing, no part of
 * any secret is left in what an exporter would send (the OTLP protobuf bytes), for Logfire's
 * default patterns and for extra ones.
 */
class ScrubbingPropertiesTest {

	private static final SpanContext LINKED = SpanContext.create("0af7651916cd43dd8448eb211c80319c",
			"b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault());

	private final LogfireSpanSanitizer defaults = new LogfireSpanSanitizer(new Scrubber(List.of(), null), 4096, 65536,
			128);

	private final LogfireSpanSanitizer extras = new LogfireSpanSanitizer(
			new Scrubber(PlantedSecrets.EXTRA_PATTERNS, null), 4096, 65536, 128);

	@Property(tries = 400)
	void noPlantedSecretSurvivesTheDefaultPatterns(@ForAll("withDefaultPatterns") PlantedSecrets.Recipe recipe) {
		assertNothingLeaks(recipe, this.defaults);
	}

	@Property(tries = 400)
	void noPlantedSecretSurvivesExtraPatterns(@ForAll("withExtraPatterns") PlantedSecrets.Recipe recipe) {
		assertNothingLeaks(recipe, this.extras);
	}

	@Provide
	Arbitrary<PlantedSecrets.Recipe> withDefaultPatterns() {
		return PlantedSecrets.recipes(false);
	}

	@Provide
	Arbitrary<PlantedSecrets.Recipe> withExtraPatterns() {
		return PlantedSecrets.recipes(true);
	}

	private static void assertNothingLeaks(PlantedSecrets.Recipe recipe, LogfireSpanSanitizer sanitizer) {
		SpanData raw = record(recipe);
		// The plants are really there before sanitizing, or this test could not fail.
		assertThat(recipe.leakedIn(otlp(raw))).isNotNull();
		SpanData sanitized = sanitizer.sanitize(raw);
		assertThat(recipe.leakedIn(otlp(sanitized))).as("leaked from %s", sanitized).isNull();
		assertThat(sanitized.getAttributes().get(LogfireAttributes.SCRUBBED)).contains("\"path\":[");
	}

	@Property(tries = 2000)
	void thePreFilterFindsWhatTheRegularExpressionFinds(@ForAll("texts") String text) {
		// Defaults alone; extra patterns that start with literal text; and ones that do not.
		for (List<String> extra : List.of(List.<String>of(), PlantedSecrets.EXTRA_PATTERNS,
				List.of("\\b\\d{4}-\\d{4}\\b", "[0-9a-f]{12}", "iban"))) {
			ScrubPatterns patterns = new ScrubPatterns(extra);
			Matcher plain = plainPattern(extra).matcher(text);
			ScrubPatterns.Found found = patterns.find(text, 0);
			if (plain.find()) {
				assertThat(found).as("match in '%s'", text).isNotNull();
				assertThat(found.start()).isEqualTo(plain.start());
				assertThat(found.end()).isEqualTo(plain.end());
			}
			else {
				assertThat(found).as("no match in '%s'", text).isNull();
			}
		}
	}

	@Provide
	Arbitrary<String> texts() {
		Arbitrary<String> fragment = Arbitraries.oneOf(
				Arbitraries.of("password", "PassWd", "auth", "authors", "Author", "_csrf_", "csrf", "xcsrf", "jwt",
						"jwtx", "ssn_", "lessn", "api", "api_key", "API-KEY", "apikey", "private key", "sk-",
						"sk-abcdef0123456789", "iban", "IBAN", "pylf_v1_", "pylf_", "cookie", "soc", "social security",
						"credit_card", "logfire token", "session", "secret", "credential", "mysql_pwd", "1234-5678",
						"12", "-9876", "deadbeef", "0a1b2c3d4e5f", "_", " ", ".",
						"-", "=", "/", "é", "💥"),
				Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(6));
		return fragment.list().ofMaxSize(10).map((parts) -> String.join("", parts));
	}

	@Property(tries = 200)
	void aSpanWithNothingToScrubIsReturnedAsItIs(@ForAll("cleanValues") String value) {
		SpanData raw = record(new PlantedSecrets.Recipe(List.of(java.util.Map.entry("note", value)), List.of(),
				List.of(), null, null, java.util.Map.of(), List.of()));
		assertThat(this.defaults.sanitize(raw)).isSameAs(raw);
	}

	@Provide
	Arbitrary<String> cleanValues() {
		return Arbitraries.strings().withChars("bdfghjkmnqrtvwz0123456789 .,/").ofMaxLength(200);
	}

	private static Pattern plainPattern(List<String> extra) {
		StringBuilder combined = new StringBuilder();
		for (String pattern : Scrubber.DEFAULT_PATTERNS) {
			combined.append(combined.isEmpty() ? "" : "|").append("(?:").append(pattern).append(')');
		}
		for (String pattern : extra) {
			combined.append("|(?:").append(pattern).append(')');
		}
		return Pattern.compile(combined.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
	}

	static SpanData record(PlantedSecrets.Recipe recipe) {
		RecordingSpanExporter exporter = new RecordingSpanExporter();
		try (SdkTracerProvider provider = SdkTracerProvider.builder()
			.addSpanProcessor(SimpleSpanProcessor.create(exporter))
			.build()) {
			recipe.record(provider.get("test"), LINKED);
		}
		return exporter.spans().get(0);
	}

	static byte[] otlp(SpanData span) {
		return otlp(List.of(span));
	}

	/** What an OTLP exporter sends for these spans (before compression). */
	static byte[] otlp(List<SpanData> spans) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			TraceRequestMarshaler.create(spans).writeBinaryTo(out);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return out.toByteArray();
	}

}
