package dev.logspring.logfire.explorer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.logspring.logfire.api.ExplorerAlertSource;
import dev.logspring.logfire.internal.TelemetryErrors;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The dashboard page and its JSON API under {@code logfire.explorer.path}: route statistics,
 * recent traces, one trace's tree, read-only SQL, alert states. Answers local requests only
 * unless {@code logfire.explorer.allow-remote} is set.
 */
public final class ExplorerWebEndpoints {

	/** The dashboard, next to this class. */
	public static final String PAGE = "dashboard.html";

	/** Longest window the charts cover. */
	private static final Duration MAX_WINDOW = Duration.ofHours(24);

	/** Points per chart line. */
	private static final int BUCKETS = 30;

	/** Slowest model calls listed in the LLM panel. */
	private static final int SLOWEST_LLM_CALLS = 5;

	private final ExplorerStore store;

	private final ExplorerQueries queries;

	private final LogfireExplorerProperties properties;

	private final String serviceName;

	private final List<ExplorerAlertSource> alertSources;

	private final byte[] page;

	public ExplorerWebEndpoints(ExplorerStore store, LogfireExplorerProperties properties, String serviceName,
			List<ExplorerAlertSource> alertSources) {
		this.store = store;
		this.queries = new ExplorerQueries(store);
		this.properties = properties;
		this.serviceName = serviceName;
		this.alertSources = List.copyOf(alertSources);
		this.page = loadPage();
	}

	private static byte[] loadPage() {
		try (InputStream in = ExplorerWebEndpoints.class.getResourceAsStream(PAGE)) {
			return in.readAllBytes();
		}
		catch (IOException | NullPointerException ex) {
			throw new IllegalStateException("The explorer's dashboard.html is missing from the starter", ex);
		}
	}

	public RouterFunction<ServerResponse> routes() {
		String path = this.properties.getPath();
		return RouterFunctions.route()
			.GET(path, this::page)
			.GET(path + "/", this::page)
			.GET(path + "/api/info", this::info)
			.GET(path + "/api/routes", this::routes)
			.GET(path + "/api/llm", this::llm)
			.GET(path + "/api/traces", this::traces)
			.GET(path + "/api/traces/{traceId}", this::trace)
			.GET(path + "/api/sql", (request) -> sql(request.param("q").orElse("")))
			.POST(path + "/api/sql", (request) -> sql(request.body(String.class)))
			.GET(path + "/api/alerts", this::alerts)
			.onError(ExplorerQueryException.class, (ex, request) -> error(HttpStatus.BAD_REQUEST, ex.getMessage()))
			.filter(this::localOnly)
			.build();
	}

	private ServerResponse localOnly(ServerRequest request, HandlerFunction<ServerResponse> next) throws Exception {
		if (!this.properties.isAllowRemote() && !LocalRequests.isLocal(request)) {
			return ServerResponse.status(HttpStatus.FORBIDDEN)
				.contentType(MediaType.TEXT_PLAIN)
				.body("The Logfire explorer answers requests from this machine only "
						+ "(set logfire.explorer.allow-remote=true to change that, behind authentication).\n");
		}
		return next.handle(request);
	}

	private ServerResponse page(ServerRequest request) {
		return ServerResponse.ok()
			.contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
			.header("Cache-Control", "no-store")
			.header("Content-Security-Policy",
					"default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:")
			.body(new String(this.page, StandardCharsets.UTF_8));
	}

	private ServerResponse info(ServerRequest request) {
		Map<String, Object> info = new LinkedHashMap<>();
		info.put("serviceName", this.serviceName);
		info.put("defaultQuery", ExplorerQueries.seedQuery(this.serviceName));
		info.put("stats", this.store.stats());
		info.put("maxRows", this.properties.getQuery().getMaxRows());
		return json(info);
	}

	private ServerResponse routes(ServerRequest request) {
		Duration window = window(request);
		Duration bucket = window.dividedBy(BUCKETS);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("windowMillis", window.toMillis());
		body.put("bucketMillis", bucket.toMillis());
		body.put("series", this.queries.routeSeries(window, bucket));
		body.put("summary", this.queries.routeSummary(window));
		return json(body);
	}

	private ServerResponse llm(ServerRequest request) {
		Duration window = window(request);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("models", this.queries.llmModels(window));
		body.put("slowest", this.queries.slowestLlmCalls(window, SLOWEST_LLM_CALLS));
		return json(body);
	}

	private static Duration window(ServerRequest request) {
		long minutes = request.param("minutes").map(ExplorerWebEndpoints::parseLong).orElse(15L);
		Duration window = Duration.ofMinutes(Math.max(1, minutes));
		return (window.compareTo(MAX_WINDOW) > 0) ? MAX_WINDOW : window;
	}

	private static long parseLong(String value) {
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			return 15;
		}
	}

	private ServerResponse traces(ServerRequest request) {
		int limit = (int) Math.min(200, Math.max(1, request.param("limit").map(ExplorerWebEndpoints::parseLong).orElse(25L)));
		return json(this.queries.recentTraces(limit));
	}

	private ServerResponse trace(ServerRequest request) {
		String traceId = request.pathVariable("traceId");
		if (!traceId.matches("[0-9a-f]{32}")) {
			return error(HttpStatus.BAD_REQUEST, "A trace id is 32 lower-case hexadecimal characters");
		}
		return json(this.queries.traceTree(traceId));
	}

	private ServerResponse sql(String sql) {
		return json(this.store.query(sql));
	}

	private ServerResponse alerts(ServerRequest request) {
		List<ExplorerAlertSource.AlertState> states = new ArrayList<>();
		for (ExplorerAlertSource source : this.alertSources) {
			try {
				states.addAll(source.alertStates());
			}
			catch (RuntimeException ex) {
				TelemetryErrors.report("reading alert states for the explorer", ex);
			}
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("configured", !this.alertSources.isEmpty());
		body.put("alerts", states);
		return json(body);
	}

	private static ServerResponse json(Object body) {
		return ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.header("Cache-Control", "no-store")
			.body(JsonMapper.shared().writeValueAsString(body));
	}

	private static ServerResponse error(HttpStatus status, String message) {
		return ServerResponse.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.body(JsonMapper.shared().writeValueAsString(Map.of("error", message)));
	}

}
