package dev.logspring.logfire.notifications;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.logspring.logfire.api.AlertNotification;
import dev.logspring.logfire.api.NotificationChannel;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts to a Slack incoming webhook in Slack's message format: a fallback {@code text} (what
 * phones show in the push notification) and {@code blocks} laying out the facts.
 */
public final class SlackNotificationChannel implements NotificationChannel {

	public static final String NAME = "slack";

	private final URI webhookUrl;

	private final JsonPoster poster;

	SlackNotificationChannel(URI webhookUrl, JsonPoster poster) {
		this.webhookUrl = webhookUrl;
		this.poster = poster;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public void send(AlertNotification notification) throws Exception {
		byte[] body = JsonMapper.shared().writeValueAsBytes(payload(notification));
		this.poster.post("Slack", this.webhookUrl, body, Map.of());
	}

	static Map<String, Object> payload(AlertNotification notification) {
		boolean firing = notification.state() == AlertNotification.State.FIRING;
		List<Object> blocks = new ArrayList<>();
		blocks.add(Map.of("type", "header", "text", Map.of("type", "plain_text", "text",
				(firing ? ":rotating_light: " : ":white_check_mark: ") + notification.alert() + " is "
						+ notification.state().word())));
		blocks.add(section(escape(notification.summary())));
		List<Object> fields = new ArrayList<>();
		fields.add(markdown("*Rule*\n" + escape(notification.rule())));
		fields.add(markdown("*Measured*\n" + escape(notification.valueText()) + " from " + notification.samples() + " "
				+ notification.sampleNoun()));
		fields.add(markdown("*Service*\n" + escape(notification.service())));
		if (notification.since() != null) {
			long epochSeconds = notification.since().getEpochSecond();
			fields.add(markdown("*Since*\n<!date^" + epochSeconds + "^{date_short_pretty} {time_secs}|"
					+ notification.since() + ">"));
		}
		blocks.add(Map.of("type", "section", "fields", fields));
		if (!notification.top().isEmpty()) {
			StringBuilder where = new StringBuilder("*Where to look*");
			notification.top()
				.forEach((contributor) -> where.append("\n• ").append(escape(notification.describe(contributor))));
			blocks.add(section(where.toString()));
		}
		blocks.add(Map.of("type", "context", "elements",
				List.of(markdown("logfire.alerts." + escape(notification.alert()) + " · Logfire Spring Boot starter"))));
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("text", escape(notification.title()));
		payload.put("blocks", blocks);
		return payload;
	}

	private static Map<String, Object> section(String markdown) {
		return Map.of("type", "section", "text", markdown(markdown));
	}

	private static Map<String, Object> markdown(String text) {
		return Map.of("type", "mrkdwn", "text", text);
	}

	/** Slack's three control characters in message text. */
	static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

	@Override
	public String toString() {
		// never the URL: it is the webhook's secret
		return "SlackNotificationChannel";
	}

}
