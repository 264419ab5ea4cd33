package dev.logspring.logfire.explorer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;

import org.springframework.web.servlet.function.ServerRequest;

/**
 * Tells requests made on this machine from the others, without DNS look-ups: the client's
 * address must be loopback, so must every address a proxy recorded in {@code X-Forwarded-For}
 * or {@code Forwarded}, and the {@code Host} must name this machine (a page on another site
 * whose name resolves to 127.0.0.1 cannot read the data: DNS rebinding).
 */
final class LocalRequests {

	private LocalRequests() {
	}

	static boolean isLocal(ServerRequest request) {
		InetSocketAddress remote = request.remoteAddress().orElse(null);
		InetAddress address = (remote != null) ? remote.getAddress() : null;
		if (address == null || !address.isLoopbackAddress()) {
			return false;
		}
		for (String header : request.headers().header("X-Forwarded-For")) {
			for (String part : header.split(",")) {
				if (!isLoopbackLiteral(part)) {
					return false;
				}
			}
		}
		for (String header : request.headers().header("Forwarded")) {
			for (String element : header.split("[,;]")) {
				String pair = element.trim();
				if (pair.regionMatches(true, 0, "for=", 0, 4) && !isLoopbackLiteral(pair.substring(4))) {
					return false;
				}
			}
		}
		List<String> hosts = request.headers().header("Host");
		return hosts.isEmpty() || hosts.stream().allMatch(LocalRequests::isLocalHost);
	}

	private static boolean isLocalHost(String host) {
		String name = host.trim().toLowerCase(Locale.ROOT);
		if (name.startsWith("[")) {
			int end = name.indexOf(']');
			return end > 0 && isLoopbackLiteral(name.substring(0, end + 1));
		}
		int colon = name.indexOf(':');
		String hostname = (colon >= 0) ? name.substring(0, colon) : name;
		return hostname.equals("localhost") || hostname.endsWith(".localhost") || isLoopbackLiteral(hostname);
	}

	private static boolean isLoopbackLiteral(String value) {
		String address = value.trim().replace("\"", "").toLowerCase(Locale.ROOT);
		if (address.startsWith("[")) {
			int end = address.indexOf(']');
			address = (end > 0) ? address.substring(1, end) : address;
		}
		else if (address.indexOf(':') == address.lastIndexOf(':') && address.indexOf(':') > 0) {
			address = address.substring(0, address.indexOf(':'));
		}
		return address.equals("::1") || address.equals("0:0:0:0:0:0:0:1") || address.matches("127(\\.\\d{1,3}){3}");
	}

}
