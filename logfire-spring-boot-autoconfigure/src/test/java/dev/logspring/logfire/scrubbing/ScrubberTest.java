package dev.logspring.logfire.scrubbing;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three ways the scrubber reads a value (key, value, text), one behaviour per test. The
 * property tests beside it cover the same ground with generated input.
 */
class ScrubberTest {

	private final Scrubber defaults = new Scrubber(List.of(), null);

	private final Scrubber withExtra = new Scrubber(List.of("sk-[a-z0-9]{8,}"), null);

	private final Path path = Path.of("attributes", "x");

	@ParameterizedTest
	@CsvSource({ "password", "user_passwd", "MYSQL_PWD", "client-secret", "Authorization", "db.credentials",
			"private_key", "x-api-key", "apiKey", "JSESSIONID", "set-cookie", "social security", "credit-card",
			"logfire_token", "csrf", "x_xsrf_token", "jwt", "user.ssn", "gpg_passphrase", "signing-key", "HMAC_KEY",
			"access_token", "refreshToken", "id_token", "oidc.id-token", "bearer token" })
	void defaultPatternsMatchKeys(String key) {
		assertThat(this.defaults.keyMatch(key)).isNotNull();
	}

	@ParameterizedTest
	@CsvSource({ "authors", "author", "user.name", "jwtish", "lessn", "cookbook", "valid_token_count", "accessible" })
	void keysLogfireLeavesAlone(String key) {
		assertThat(this.defaults.keyMatch(key)).isNull();
	}

	@Test
	void aValueThatMentionsAPatternIsReplacedWhole() {
		Notes notes = new Notes();
		assertThat(this.defaults.scrubString(this.path, "my password is hunter2", notes))
			.isEqualTo("[Scrubbed due to 'password']");
		assertThat(notes.toJson(null)).isEqualTo("[{\"path\":[\"attributes\",\"x\"],\"matched_substring\":\"password\"}]");
	}

	@Test
	void aValueThatIsOnlyTheWordIsKept() {
		assertThat(this.defaults.scrubString(this.path, "Password", new Notes())).isEqualTo("Password");
	}

	@Test
	void extraPatternsAreNamedByThePatternNeverByTheMatch() {
		Notes notes = new Notes();
		Object scrubbed = this.withExtra.scrubString(this.path, "key sk-abcdef123456 used", notes);
		assertThat(scrubbed).isEqualTo("[Scrubbed due to 'sk-[a-z0-9]{8,}']");
		assertThat(notes.toJson(null)).doesNotContain("abcdef123456");
	}

	@Test
	void jsonIsScrubbedKeyByKeyAndKeepsItsShape() {
		String json = "{\"user\":{\"name\":\"alice\",\"password\":\"hunter2\",\"tokens\":[\"a\",{\"api_key\":42}]},"
				+ "\"note\":\"{\\\"session\\\":\\\"abc\\\"}\"}";
		Notes notes = new Notes();
		Object scrubbed = this.defaults.scrubString(this.path, json, notes);
		assertThat(scrubbed).isEqualTo("{\"user\":{\"name\":\"alice\",\"password\":\"[Scrubbed due to 'password']\","
				+ "\"tokens\":[\"a\",{\"api_key\":\"[Scrubbed due to 'api_key']\"}]},"
				+ "\"note\":\"{\\\"session\\\":\\\"[Scrubbed due to 'session']\\\"}\"}");
		assertThat(notes.toJson(null)).contains("[\"attributes\",\"x\",\"user\",\"password\"]")
			.contains("[\"attributes\",\"x\",\"user\",\"tokens\",1,\"api_key\"]")
			.contains("[\"attributes\",\"x\",\"note\",\"session\"]");
	}

	@Test
	void jsonWithEscapedKeysIsStillRead() {
		Object scrubbed = this.defaults.scrubString(this.path, "{\"pass\\u0077ord\":\"hunter2\"}", new Notes());
		assertThat(scrubbed.toString()).doesNotContain("hunter2");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"https://shop.example/pay?id=7&api_key=abc123&x=1|https://shop.example/pay?id=7&api_key=[Scrubbed due to 'api_key']&x=1",
			"password=abc123|password=[Scrubbed due to 'password']",
			"select * from users where password = 'abc123'|select * from users where password = '[Scrubbed due to 'password']'",
			"Authorization: Bearer abc123 sent|Authorization: [Scrubbed due to 'Auth'] sent",
			"login failed {\"password\": \"abc123\"}|login failed {\"password\": \"[Scrubbed due to 'password']\"}",
			"token pylf_v1_us_abc123 rejected|token [Scrubbed due to 'pylf_v1_'] rejected",
			"cannot reach postgres://app:abc123@db:5432/orders|cannot reach postgres://app:[Scrubbed due to 'password in URL']@db:5432/orders",
			"GET /account/password-reset|GET /account/password-reset", "Invalid password|Invalid password",
			"https://auth.example.com/login|https://auth.example.com/login" })
	void textKeepsEverythingButTheSecret(String text, String expected) {
		assertThat(this.defaults.scrubText(this.path, text, new Notes())).isEqualTo(expected);
	}

	@Test
	void textCutsWholeTokensMatchedByExtraPatterns() {
		assertThat(this.withExtra.scrubText(this.path, "used key=sk-abcdef123456, then", new Notes()))
			.isEqualTo("used key=[Scrubbed due to 'sk-[a-z0-9]{8,}'], then");
	}

	@Test
	void stackTraceFramesAreKeptAndMessageLinesScrubbed() {
		String trace = "java.lang.IllegalStateException: login failed password=abc123\n"
				+ "\tat com.example.AuthService.login(AuthService.java:12)\n"
				+ "Caused by: java.io.IOException: api_key=def456 refused\n\t... 3 more\n";
		String scrubbed = this.defaults.scrubStackTrace(this.path, trace, new Notes());
		assertThat(scrubbed).doesNotContain("abc123", "def456")
			.contains("\tat com.example.AuthService.login(AuthService.java:12)\n");
	}

	@Test
	void callbackCanKeepAFalsePositive() {
		Scrubber scrubber = new Scrubber(List.of(),
				(match) -> "session_count".equals(match.key()) ? match.value() : null);
		Notes notes = new Notes();
		Object kept = scrubber.redactKeyMatch(Path.of("attributes", "session_count"), 3L,
				scrubber.keyMatch("session_count"), notes);
		assertThat(kept).isEqualTo(3L);
		assertThat(notes.isEmpty()).isTrue();
	}

}
