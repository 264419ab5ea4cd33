package dev.logspring.logfire.scrubbing;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Which header and query parameter names the HTTP and LLM instrumentation treat as credentials. */
class SensitiveWordsTest {

	@ParameterizedTest
	@CsvSource({ "Authorization,auth", "X-Api-Key,api-key", "Cookie,cookie", "key,key", "AWSAccessKeyId,accesskey",
			"Signature,signature", "sig,sig", "X-Goog-Signature,signature", "access_token,access_token",
			"refresh_token,refresh_token", "id_token,id_token", "X-Hmac-Key,hmac-key", "passphrase,passphrase",
			"X-Auth-Token,auth" })
	void credentialNames(String name, String word) {
		assertThat(SensitiveWords.credentialWordIn(name)).isEqualTo(word);
	}

	@ParameterizedTest
	@CsvSource({ "page", "monkey", "keyword", "signal", "Accept", "Content-Type", "alt", "Authors" })
	void ordinaryNames(String name) {
		assertThat(SensitiveWords.credentialWordIn(name)).isNull();
	}

}
