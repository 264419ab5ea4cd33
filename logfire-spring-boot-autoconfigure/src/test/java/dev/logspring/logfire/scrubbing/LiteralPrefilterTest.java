package dev.logspring.logfire.scrubbing;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pre-filter alone: where it sends the regular expression, and where it does not. A text
 * without a candidate literal gets -1, on which {@link ScrubPatterns#find} returns before any
 * regex runs.
 */
class LiteralPrefilterTest {

	private final LiteralPrefilter defaults = LiteralPrefilter.of(List.of());

	@ParameterizedTest
	@ValueSource(strings = { "", "ab", "GET /api/v1/users/42", "the price is right", "cost=12.50&currency=EUR",
			"SELECT name FROM customers WHERE id = ?", "über straße 💥 ✓" })
	void aTextWithNoCandidateLiteralIsNeverSentToTheRegex(String text) {
		assertThat(this.defaults.next(text, 0)).isEqualTo(-1);
	}

	@Test
	void aCandidateIsWhereTheWholeLiteralStartsIgnoringCase() {
		assertThat(this.defaults.next("user PassWord=x", 0)).isEqualTo(5);
		// "pri" starts "private" too, but "price" is not confirmed.
		assertThat(this.defaults.next("price of PRIVATE_key", 0)).isEqualTo(9);
		assertThat(this.defaults.next("x-api-key", 0)).isEqualTo(2);
	}

	@Test
	void searchingResumesFromTheGivenPosition() {
		String text = "auth then secret";
		int first = this.defaults.next(text, 0);
		assertThat(first).isZero();
		assertThat(this.defaults.next(text, first + 1)).isEqualTo(10);
		assertThat(this.defaults.next(text, 11)).isEqualTo(-1);
	}

	@Test
	void extraLiteralsAreCandidatesOnlyWhenGiven() {
		assertThat(this.defaults.next("token sk-abc123", 0)).isEqualTo(-1);
		assertThat(LiteralPrefilter.of(List.of("sk-")).next("token sk-abc123", 0)).isEqualTo(6);
	}

	@Test
	void literalPrefixesAreTheLiteralStartOfEveryAlternative() {
		assertThat(LiteralPrefilter.literalPrefixes("sk-[a-z0-9]{8,}")).containsExactly("sk-");
		assertThat(LiteralPrefilter.literalPrefixes("iban|swift_code")).containsExactly("iban", "swift_code");
		// An optional character is not required: "abcd?" needs only "abc".
		assertThat(LiteralPrefilter.literalPrefixes("abcd?e")).containsExactly("abc");
		// Groups inside an alternative do not split it.
		assertThat(LiteralPrefilter.literalPrefixes("acct(no|num)")).containsExactly("acct");
	}

	@ParameterizedTest
	@ValueSource(strings = { "\\b\\d{16}\\b", "[0-9a-f]{12}", "ab[cd]", "iban|x", "(?i)secret" })
	void patternsWithoutThreeLiteralCharactersAtTheStartHaveNoPrefixes(String regex) {
		assertThat(LiteralPrefilter.literalPrefixes(regex)).isNull();
	}

	@Test
	void patternsWithoutLiteralPrefixesAreStillFoundByTheirOwnRegex() {
		ScrubPatterns patterns = new ScrubPatterns(List.of("\\b\\d{4}-\\d{4}\\b"));
		ScrubPatterns.Found found = patterns.find("card 1234-5678 on file", 0);
		assertThat(found).isNotNull();
		assertThat(found.text()).isEqualTo("1234-5678");
		assertThat(found.mayBeSecret()).isTrue();
	}

}
