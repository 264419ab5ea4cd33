package dev.logspring.logfire.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.FileSystemUtils;

import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus Alertmanager (Debian's {@code prometheus-alertmanager}, installed by
 * {@code .ci/install-alertmanager.sh}) on a free loopback port, with its own storage, no
 * clustering, and one webhook receiver to which it sends every notification, grouped by
 * {@code alertname} and {@code service}. Optionally behind TLS and HTTP basic authentication
 * (Alertmanager's {@code --web.config.file}).
 */
public final class AlertmanagerServer implements AutoCloseable {

	private static final Duration STARTUP = Duration.ofSeconds(30);

	private final Path directory;

	private final Process process;

	private final String baseUrl;

	private final HttpClient http;

	private final String authorization;

	/**
	 * Starts Alertmanager over plain HTTP; skips the calling test when it is not installed
	 * (fails on CI).
	 * @param webhookUrl where notifications go
	 * @param groupWait how long a new group waits for more alerts before its first notification
	 * @param groupInterval how long a group waits before notifying about changes
	 */
	public AlertmanagerServer(String webhookUrl, Duration groupWait, Duration groupInterval) throws IOException {
		this(webhookUrl, groupWait, groupInterval, null);
	}

	/** Starts Alertmanager behind {@code web}'s TLS and basic authentication, or without when {@code null}. */
	public AlertmanagerServer(String webhookUrl, Duration groupWait, Duration groupInterval, Web web)
			throws IOException {
		Path binary = ExternalPrograms.require(
				"run .ci/install-alertmanager.sh (as root) or apt-get install prometheus-alertmanager",
				"/usr/bin/prometheus-alertmanager", "prometheus-alertmanager", "alertmanager");
		this.directory = Files.createTempDirectory("alertmanager");
		Path config = this.directory.resolve("alertmanager.yml");
		Files.writeString(config, """
				route:
				  receiver: test
				  group_by: [alertname, service]
				  group_wait: %dms
				  group_interval: %dms
				  repeat_interval: 1h
				receivers:
				  - name: test
				    webhook_configs:
				      - url: %s
				        send_resolved: true
				""".formatted(groupWait.toMillis(), groupInterval.toMillis(), webhookUrl));
		int port = freePort();
		List<String> command = new ArrayList<>(List.of(binary.toString(), "--config.file=" + config,
				"--storage.path=" + this.directory.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
				"--cluster.listen-address="));
		HttpClient.Builder http = HttpClient.newBuilder();
		if (web != null) {
			Path webConfig = this.directory.resolve("web.yml");
			Files.writeString(webConfig, """
					tls_server_config:
					  cert_file: %s
					  key_file: %s
					basic_auth_users:
					  %s: '%s'
					""".formatted(web.certificate(), web.key(), web.username(), web.passwordBcrypt()));
			command.add("--web.config.file=" + webConfig);
			http.sslContext(trusting(web.certificate()));
			this.authorization = "Basic " + Base64.getEncoder()
				.encodeToString((web.username() + ":" + web.password()).getBytes(StandardCharsets.UTF_8));
		}
		else {
			this.authorization = null;
		}
		this.http = http.build();
		this.baseUrl = ((web != null) ? "https" : "http") + "://127.0.0.1:" + port;
		Path log = this.directory.resolve("alertmanager.log");
		this.process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		try {
			await().atMost(STARTUP).pollInterval(Duration.ofMillis(100)).until(() -> {
				if (!this.process.isAlive()) {
					throw new IllegalStateException("Alertmanager exited: " + Files.readString(log));
				}
				try {
					return get("/-/ready").statusCode() == 200;
				}
				catch (IOException notListeningYet) {
					return false;
				}
			});
		}
		catch (RuntimeException | Error ex) {
			close();
			throw ex;
		}
	}

	/** TLS and basic authentication: a PEM certificate and key, and one user. */
	public record Web(Path certificate, Path key, String username, String password, String passwordBcrypt) {
	}

	private static SSLContext trusting(Path certificate) throws IOException {
		try (InputStream pem = Files.newInputStream(certificate)) {
			KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
			trusted.load(null, null);
			trusted.setCertificateEntry("alertmanager",
					CertificateFactory.getInstance("X.509").generateCertificate(pem));
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(trusted);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, trust.getTrustManagers(), null);
			return context;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	public String baseUrl() {
		return this.baseUrl;
	}

	/** The alerts Alertmanager holds now, as its v2 API lists them ({@code GET /api/v2/alerts}). */
	public List<JsonNode> alerts() {
		try {
			HttpResponse<String> response = get("/api/v2/alerts");
			return JsonMapper.shared().readTree(response.body()).valueStream().toList();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path));
		if (this.authorization != null) {
			request.header("Authorization", this.authorization);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		FileSystemUtils.deleteRecursively(this.directory.toFile());
	}

}
