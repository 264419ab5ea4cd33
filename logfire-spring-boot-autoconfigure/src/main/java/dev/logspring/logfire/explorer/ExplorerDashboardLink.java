package dev.logspring.logfire.explorer;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.springframework.core.env.Environment;

/**
 * The address of this instance's dashboard, for links from elsewhere (Alertmanager's
 * {@code generatorURL}): this host's name, the port the dashboard is served on (the
 * management port when it has its own), the servlet context path or management base path, and
 * {@code logfire.explorer.path}.
 */
public final class ExplorerDashboardLink {

	private final Environment environment;

	private final String path;

	private volatile String host;

	ExplorerDashboardLink(Environment environment, String path) {
		this.environment = environment;
		this.path = path;
	}

	/** The dashboard's URL, or {@code null} while no web server has started. */
	public String url() {
		Integer port = this.environment.getProperty("local.management.port", Integer.class);
		String basePath = "";
		if (port != null && port > 0) {
			basePath = this.environment.getProperty("management.server.base-path", "");
		}
		else {
			port = this.environment.getProperty("local.server.port", Integer.class);
			basePath = this.environment.getProperty("server.servlet.context-path", "");
		}
		if (port == null || port <= 0) {
			return null;
		}
		return "http://" + host() + ":" + port + basePath + this.path;
	}

	private String host() {
		String host = this.host;
		if (host == null) {
			try {
				host = InetAddress.getLocalHost().getHostName();
			}
			catch (UnknownHostException ex) {
				host = "localhost";
			}
			this.host = host;
		}
		return host;
	}

}
