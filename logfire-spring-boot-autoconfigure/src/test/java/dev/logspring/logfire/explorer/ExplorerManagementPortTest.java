package dev.logspring.logfire.explorer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With actuator on its own port, the dashboard moves there: the application's port does not
 * serve it.
 */
@SpringBootTest(classes = ExplorerTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=user-api", "logfire.console.enabled=false",
				"management.server.port=0" })
class ExplorerManagementPortTest {

	@LocalServerPort
	int serverPort;

	@LocalManagementPort
	int managementPort;

	private int status(int port, String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
					HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	@Test
	void dashboardIsServedOnTheManagementPortOnly() throws Exception {
		assertThat(this.managementPort).isNotEqualTo(this.serverPort);
		assertThat(status(this.managementPort, "/logfire")).isEqualTo(200);
		assertThat(status(this.managementPort, "/logfire/api/sql?q=SELECT%201")).isEqualTo(200);
		assertThat(status(this.serverPort, "/logfire")).isEqualTo(404);
	}

}
