package dev.logspring.logfire.notifications;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.logspring.logfire.api.AlertNotification;
import dev.logspring.logfire.api.NotificationChannel;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts each notification as JSON to a URL. With a secret, the body is signed with
 * HMAC-SHA256 and the signature sent as {@code sha256=<hex>} in a header (by default
 * {@value #DEFAULT_SIGNATURE_HEADER}), so the receiver can check that the call is genuine.
 */
public final class WebhookNotificationChannel implements NotificationChannel {

	public static final String NAME = "webhook";

	/** Default of {@code logfire.notifications.webhook.signature-header}. */
	public static final String DEFAULT_SIGNATURE_HEADER = "X-Logfire-Signature";

	private final URI url;

	private final byte @Nullable [] secret;

	private final String signatureHeader;

	private final Map<String, String> headers;

	private final JsonPoster poster;

	WebhookNotificationChannel(URI url, @Nullable String secret, String signatureHeader, Map<String, String> headers,
			JsonPoster poster) {
		this.url = url;
		this.secret = (secret != null) ? secret.getBytes(StandardCharsets.UTF_8) : null;
		this.signatureHeader = signatureHeader;
		this.headers = Map.copyOf(headers);
		this.poster = poster;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public void send(AlertNotification notification) throws Exception {
		byte[] body = JsonMapper.shared().writeValueAsBytes(payload(notification));
		Map<String, String> headers = new LinkedHashMap<>(this.headers);
		if (this.secret != null) {
			headers.put(this.signatureHeader, sign(this.secret, body));
		}
		this.poster.post("The webhook", this.url, body, headers);
	}

	/** {@code sha256=} and the hex HMAC-SHA256 of {@code body}: what a receiver recomputes and compares. */
	public static String sign(byte[] secret, byte[] body) throws GeneralSecurityException {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret, "HmacSHA256"));
		return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
	}

	static Map<String, Object> payload(AlertNotification notification) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("alert", notification.alert());
		payload.put("state", notification.state().word());
		payload.put("metric", notification.metric());
		payload.put("value", notification.value());
		payload.put("threshold", notification.threshold());
		payload.put("comparison", notification.comparison());
		payload.put("window_seconds", notification.windowSeconds());
		payload.put("samples", notification.samples());
		payload.put("service", notification.service());
		payload.put("since", (notification.since() != null) ? notification.since().toString() : null);
		payload.put("timestamp", notification.time().toString());
		payload.put("title", notification.title());
		payload.put("summary", notification.summary());
		List<Map<String, Object>> top = notification.top()
			.stream()
			.map((contributor) -> Map.<String, Object>of("label", contributor.label(), "matching",
					contributor.matching(), "total", contributor.total()))
			.toList();
		payload.put("top", top);
		return payload;
	}

	@Override
	public String toString() {
		return "WebhookNotificationChannel";
	}

}
