package dev.logspring.logfire.notifications;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.logspring.logfire.api.AlertNotification;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a person reads when an alert resolves for lack of data, and Slack's markup kept out of
 * values (a route such as {@code /a<b>&c} must not become a link or an entity).
 */
class AlertNotificationTest {

	@Test
	void aResolutionForLackOfDataSaysSo() {
		AlertNotification resolved = new AlertNotification("slow_response", AlertNotification.State.RESOLVED, "warning",
				"p95_latency", "p95 latency", null, "not enough data (0 requests in the last 5m, at least 1 needed)",
				1000, "1000 ms", "above", "5m", 300, 0, "requests", List.of(), "shop", null,
				Instant.parse("2025-03-01T12:10:00Z"));
		assertThat(resolved.title()).isEqualTo("[RESOLVED] slow_response: no data on shop");
		assertThat(resolved.summary()).isEqualTo("Alert slow_response is resolved on shop: the p95 latency cannot be "
				+ "judged, not enough data (0 requests in the last 5m, at least 1 needed).");
		assertThat(resolved.body()).contains("Rule:      p95 latency above 1000 ms over 5m")
			.contains("Nothing to do: the alert fires again if the p95 latency goes above 1000 ms again.")
			.doesNotContain("Since:");
	}

	@Test
	void slackMarkupInValuesIsEscaped() {
		AlertNotification firing = new AlertNotification("errors", AlertNotification.State.FIRING, "warning", "error_rate",
				"error rate", 1.0, "100%", 0.05, "5%", "above", "1m", 60, 3, "requests",
				List.of(new AlertNotification.Contributor("GET /a<b>&c", 3, 3)), "shop", Instant.EPOCH, Instant.EPOCH);
		String json = JsonMapper.shared().writeValueAsString(SlackNotificationChannel.payload(firing));
		assertThat(json).contains("GET /a&lt;b&gt;&amp;c: 3 errors in 3 requests").doesNotContain("/a<b>");
		Map<String, Object> payload = SlackNotificationChannel.payload(firing);
		assertThat(payload.get("text")).isEqualTo("[FIRING] errors: error rate 100% (above 5%) on shop");
	}

}
