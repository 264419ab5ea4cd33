package dev.logspring.logfire.scrubbing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.logspring.logfire.internal.LogfireAttributes;
import dev.logspring.logfire.internal.MessageTemplate;
import dev.logspring.logfire.internal.SpanOutcomes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generates spans with secrets planted where the scrubber promises to find them: under
 * sensitive keys (attributes, events, links, nested JSON, HTTP headers), in query strings of
 * URLs, in values that mention a sensitive word, in exception messages, in message templates, and
 * (with {@link #EXTRA_PATTERNS}) in values that match an extra pattern.
 */
final class PlantedSecrets {

	/** Extra patterns of the "extra" runs: one shaped like a secret, one a keyword. */
	static final List<String> EXTRA_PATTERNS = List.of("sk-[a-z0-9]{12,}", "iban");

	private PlantedSecrets() {
	}

	/** What to record on one span, and the secrets in it. */
	record Recipe(List<Map.Entry<String, Object>> attributes, List<List<Map.Entry<String, Object>>> events,
			List<List<Map.Entry<String, Object>>> links, String exceptionMessage, String template,
			Map<String, String> templateValues, List<String> secrets) {

		/** Records the span with the OpenTelemetry API, as any producer would. */
		void record(Tracer tracer, SpanContext linked) {
			SpanBuilder builder = tracer.spanBuilder("planted");
			for (List<Map.Entry<String, Object>> link : this.links) {
				builder.addLink(linked, attributes(link));
			}
			if (this.template != null) {
				builder.setAttribute(LogfireAttributes.MSG_TEMPLATE, this.template);
				builder.setAttribute(LogfireAttributes.MSG, MessageTemplate.parse(this.template).format(this.templateValues::get));
				this.templateValues.forEach(builder::setAttribute);
			}
			// On the builder, so that the console, which prints spans as they start, sees them too.
			builder.setAllAttributes(attributes(this.attributes));
			Span span = builder.startSpan();
			for (List<Map.Entry<String, Object>> event : this.events) {
				span.addEvent("audit", attributes(event));
			}
			if (this.exceptionMessage != null) {
				SpanOutcomes.recordException(span, new IllegalStateException(this.exceptionMessage));
			}
			span.end();
		}

		@SuppressWarnings("unchecked")
		private static Attributes attributes(List<Map.Entry<String, Object>> entries) {
			AttributesBuilder builder = Attributes.builder();
			for (Map.Entry<String, Object> entry : entries) {
				if (entry.getValue() instanceof List<?> list) {
					builder.put(AttributeKey.stringArrayKey(entry.getKey()), (List<String>) list);
				}
				else {
					builder.put(entry.getKey(), String.valueOf(entry.getValue()));
				}
			}
			return builder.build();
		}

		/** The first secret any part of which (8 characters or more) appears in {@code output}, or null. */
		String leakedIn(byte[] output) {
			String text = new String(output, StandardCharsets.ISO_8859_1);
			for (String secret : this.secrets) {
				for (int i = 0; i + 8 <= secret.length(); i++) {
					if (text.contains(secret.substring(i, i + 8))) {
						return secret;
					}
				}
			}
			return null;
		}

		String leakedIn(String output) {
			return leakedIn(output.getBytes(StandardCharsets.ISO_8859_1));
		}

	}

	/** A secret: random letters and digits, long enough that 8 of its characters never occur by chance. */
	static Arbitrary<String> secrets() {
		return Arbitraries.strings().withChars("bdfghjkmnqrtvwz0123456789").ofMinLength(14).ofMaxLength(24);
	}

	/** Keys that one of Logfire's default patterns matches, in the shapes people write them. */
	static Arbitrary<String> sensitiveKeys() {
		Arbitrary<String> word = Arbitraries.of("password", "Passwd", "mysql_pwd", "client_secret", "Authorization",
				"db.credentials", "private-key", "x-api-key", "apiKey", "session_id", "JSESSIONID", "cookie",
				"social_security_number", "credit card", "logfire_token");
		Arbitrary<String> acronym = Arbitraries.of("csrf", "xsrf", "jwt", "ssn");
		Arbitrary<String> prefix = Arbitraries.of("", "user.", "db_", "X-", "request.");
		Arbitrary<String> suffix = Arbitraries.of("", "_hash", "Value", "[0]");
		Arbitrary<String> words = Combinators.combine(prefix, word, suffix).as((p, w, s) -> p + w + s);
		// The acronyms only count as whole words or between underscores.
		Arbitrary<String> acronyms = Combinators.combine(Arbitraries.of("", "x_", "user."), acronym, Arbitraries.of("", "_token"))
			.as((p, a, s) -> p + a + s);
		return Arbitraries.oneOf(words, acronyms);
	}

	/** Keys no default pattern matches. */
	static Arbitrary<String> neutralKeys() {
		return Arbitraries.of("payload", "order", "customer.note", "request.body", "result", "data");
	}

	/** A value holding {@code secret}, as it is found under a sensitive key. */
	static Arbitrary<Object> valuesHolding(String secret) {
		return Arbitraries.of(secret, "Bearer " + secret, "{\"v\":\"" + secret + "\"}", List.of("x", secret),
				secret + " (expires tomorrow)");
	}

	/** JSON text with {@code secret} under a sensitive key, one to three levels down, maybe in an array. */
	static Arbitrary<String> jsonHolding(String secret) {
		Arbitrary<String> leaf = sensitiveKeys().map((key) -> "{\"" + key.replace("\"", "") + "\":\"" + secret + "\",\"id\":7}");
		Arbitrary<String> arrayLeaf = sensitiveKeys()
			.map((key) -> "{\"" + key.replace("\"", "") + "\":[\"a\",\"" + secret + "\"]}");
		Arbitrary<String> level1 = Arbitraries.oneOf(leaf, arrayLeaf);
		Arbitrary<String> level2 = level1.map((inner) -> "{\"user\":" + inner + ",\"items\":[1,2]}");
		Arbitrary<String> level3 = level2.map((inner) -> "[{\"n\":1}," + inner + "]");
		// JSON inside a JSON string, as a serialised request body logged in an object.
		Arbitrary<String> nested = level1
			.map((inner) -> "{\"body\":\"" + inner.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
		return Arbitraries.oneOf(level1, level2, level3, nested);
	}

	/** A captured HTTP header holding {@code secret}. */
	static Arbitrary<Map.Entry<String, Object>> headersHolding(String secret) {
		return Arbitraries.of(Map.entry("http.request.header.authorization", List.of("Bearer " + secret)),
				Map.entry("http.request.header.authorization", List.of("Basic " + secret)),
				Map.entry("http.request.header.cookie", List.of("theme=dark; SESSION=" + secret)),
				Map.entry("http.response.header.set-cookie", List.of("SESSION=" + secret + "; HttpOnly")),
				Map.entry("http.request.header.x-api-key", List.of(secret)),
				Map.entry("http.request.header.proxy-authorization", List.of("Digest " + secret)),
				Map.entry("http.request.header.x-csrf-token", List.of(secret)));
	}

	/** A URL attribute whose query string holds {@code secret} under a sensitive parameter. */
	static Arbitrary<Map.Entry<String, Object>> queriesHolding(String secret) {
		Arbitrary<String> parameter = Arbitraries.of("api_key", "apikey", "password", "session", "auth", "jwt",
				"client_secret", "sessionId");
		Arbitrary<String> before = Arbitraries.of("", "page=2&", "q=shoes&sort=asc&");
		Arbitrary<String> after = Arbitraries.of("", "&lang=en", "#top");
		return Combinators.combine(Arbitraries.of("url.full", "url.query", "http.target", "http.url"), before, parameter,
				after).as((key, b, p, a) -> {
					String query = b + p + "=" + secret + a;
					String value = switch (key) {
						case "url.query" -> query;
						case "http.target" -> "/api/orders?" + query;
						default -> "https://shop.example.com/api/orders?" + query;
					};
					return Map.entry(key, (Object) value);
				});
	}

	/** An exception message with {@code secret} in it, as libraries write them. */
	static Arbitrary<String> exceptionMessagesHolding(String secret) {
		return Arbitraries.of("login failed: password=" + secret, "rejected {\"api_key\": \"" + secret + "\"}",
				"bad credentials: Authorization: Bearer " + secret, "token pylf_v1_eu_" + secret + " is revoked",
				"cannot connect to postgres://app:" + secret + "@db.internal:5432/orders",
				"session='" + secret + "' expired");
	}

	/** Values under harmless keys that match an extra pattern, wherever they sit. */
	static Arbitrary<Map.Entry<String, Object>> extraPatternValues(String secret) {
		String key = "sk-" + secret.toLowerCase();
		return Arbitraries.of(Map.entry("payload", (Object) ("using " + key + " for billing")),
				Map.entry("url.full", "https://billing.example.com/charge?k=" + key),
				Map.entry("order", "{\"note\":\"" + key + "\"}"), Map.entry("customer_iban", secret),
				Map.entry("db.statement", "update accounts set key = '" + key + "'"));
	}

	/** A recipe with one to five secrets in various places; extra-pattern plants only when {@code extras}. */
	static Arbitrary<Recipe> recipes(boolean extras) {
		Arbitrary<Plant> plant = secrets().flatMap((secret) -> {
			List<Arbitrary<Plant>> kinds = new ArrayList<>(List.of(
					Combinators.combine(sensitiveKeys(), valuesHolding(secret))
						.as((key, value) -> Plant.attribute(secret, key, value)),
					Combinators.combine(neutralKeys(), jsonHolding(secret))
						.as((key, value) -> Plant.attribute(secret, key, value)),
					headersHolding(secret).map((entry) -> Plant.attribute(secret, entry.getKey(), entry.getValue())),
					queriesHolding(secret).map((entry) -> Plant.attribute(secret, entry.getKey(), entry.getValue())),
					Combinators.combine(neutralKeys(), Arbitraries.of("my password is ", "session: ", "api key "))
						.as((key, words) -> Plant.attribute(secret, key, words + secret)),
					Combinators.combine(sensitiveKeys(), valuesHolding(secret))
						.as((key, value) -> Plant.event(secret, key, value)),
					Combinators.combine(sensitiveKeys(), valuesHolding(secret))
						.as((key, value) -> Plant.link(secret, key, value)),
					exceptionMessagesHolding(secret).map((message) -> Plant.exception(secret, message)),
					sensitiveKeys().filter((key) -> key.matches("[A-Za-z_]+"))
						.map((key) -> Plant.template(secret, key))));
			if (extras) {
				kinds.add(extraPatternValues(secret).map((entry) -> Plant.attribute(secret, entry.getKey(), entry.getValue())));
				kinds.add(extraPatternValues(secret).map((entry) -> Plant.event(secret, entry.getKey(), entry.getValue())));
			}
			return Arbitraries.oneOf(kinds);
		});
		return plant.list().ofMinSize(1).ofMaxSize(5).map(PlantedSecrets::combine);
	}

	private static Recipe combine(List<Plant> plants) {
		List<Map.Entry<String, Object>> attributes = new ArrayList<>(List.of(Map.entry("order_id", "A-1001"),
				Map.entry("customer", "alice@example.com")));
		List<List<Map.Entry<String, Object>>> events = new ArrayList<>();
		List<List<Map.Entry<String, Object>>> links = new ArrayList<>();
		String exception = null;
		String template = null;
		Map<String, String> templateValues = new LinkedHashMap<>();
		List<String> secrets = new ArrayList<>();
		for (Plant plant : plants) {
			secrets.add(plant.secret);
			switch (plant.kind) {
				case ATTRIBUTE -> attributes.add(Map.entry(plant.key, plant.value));
				case EVENT -> events.add(List.of(Map.entry(plant.key, plant.value), Map.entry("step", "checkout")));
				case LINK -> links.add(List.of(Map.entry(plant.key, plant.value)));
				case EXCEPTION -> exception = (exception == null) ? plant.key : exception + "; " + plant.key;
				case TEMPLATE -> {
					template = (template == null) ? "user {customer} signed in" : template;
					template += " with {" + plant.key + "}";
					templateValues.put("customer", "alice@example.com");
					templateValues.put(plant.key, (String) plant.value);
				}
			}
		}
		// A key planted twice keeps its last value only: keep its secret but drop the others'.
		Map<String, Object> last = new LinkedHashMap<>();
		attributes.forEach((entry) -> last.put(entry.getKey(), entry.getValue()));
		templateValues.forEach(last::remove);
		List<String> kept = new ArrayList<>();
		for (Plant plant : plants) {
			boolean overwritten = plant.kind == Kind.ATTRIBUTE && last.get(plant.key) != plant.value;
			boolean templateOverwritten = plant.kind == Kind.TEMPLATE && !plant.value.equals(templateValues.get(plant.key));
			if (!overwritten && !templateOverwritten) {
				kept.add(plant.secret);
			}
		}
		return new Recipe(last.entrySet().stream().map((e) -> Map.entry(e.getKey(), e.getValue())).toList(), events,
				links, exception, template, templateValues, kept.isEmpty() ? secrets : kept);
	}

	enum Kind {

		ATTRIBUTE, EVENT, LINK, EXCEPTION, TEMPLATE

	}

	record Plant(Kind kind, String secret, String key, Object value) {

		static Plant attribute(String secret, String key, Object value) {
			return new Plant(Kind.ATTRIBUTE, secret, key, value);
		}

		static Plant event(String secret, String key, Object value) {
			return new Plant(Kind.EVENT, secret, key, value);
		}

		static Plant link(String secret, String key, Object value) {
			return new Plant(Kind.LINK, secret, key, value);
		}

		static Plant exception(String secret, String message) {
			return new Plant(Kind.EXCEPTION, secret, message, null);
		}

		static Plant template(String secret, String key) {
			return new Plant(Kind.TEMPLATE, secret, key, secret);
		}

	}

}
