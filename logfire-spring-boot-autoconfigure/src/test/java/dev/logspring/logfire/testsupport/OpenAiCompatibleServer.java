package dev.logspring.logfire.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real HTTP server on a random loopback port speaking the OpenAI wire format: chat
 * completions (plain and streamed as server-sent events), the Responses API and embeddings,
 * plus error answers. Replies, token counts and the model that answers are chosen by the test,
 * and every request is kept for assertions.
 */
public final class OpenAiCompatibleServer implements AutoCloseable {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final HttpServer server;

	private final List<Received> requests = new CopyOnWriteArrayList<>();

	private volatile Function<JsonNode, String> reply = (request) -> "Hello from the test model.";

	private volatile int inputTokens = 21;

	private volatile int outputTokens = 9;

	private volatile String modelSuffix = "";

	private volatile Error nextError;

	/** An error answer: HTTP status and OpenAI's error object. */
	public record Error(int status, String type, String code, String message) {
	}

	/** A request received: path, headers and JSON body. */
	public record Received(String path, Map<String, List<String>> headers, JsonNode body) {

		public String header(String name) {
			return this.headers.entrySet().stream().filter((e) -> e.getKey().equalsIgnoreCase(name))
				.map((e) -> e.getValue().get(0)).findFirst().orElse(null);
		}

	}

	public OpenAiCompatibleServer() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.setExecutor(Executors.newFixedThreadPool(4));
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	/** Base URL without a path: clients add {@code /v1/chat/completions} and so on. */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** The assistant's answer to each chat request. */
	public OpenAiCompatibleServer reply(Function<JsonNode, String> reply) {
		this.reply = reply;
		return this;
	}

	public OpenAiCompatibleServer reply(String text) {
		return reply((request) -> text);
	}

	/** Token counts reported in every usage object. */
	public OpenAiCompatibleServer usage(int inputTokens, int outputTokens) {
		this.inputTokens = inputTokens;
		this.outputTokens = outputTokens;
		return this;
	}

	/** The answering model is the requested one plus this suffix (as OpenAI adds a date). */
	public OpenAiCompatibleServer modelSuffix(String suffix) {
		this.modelSuffix = suffix;
		return this;
	}

	/** The next request gets this error instead of an answer. */
	public OpenAiCompatibleServer failNext(Error error) {
		this.nextError = error;
		return this;
	}

	public int inputTokens() {
		return this.inputTokens;
	}

	public int outputTokens() {
		return this.outputTokens;
	}

	public List<Received> requests() {
		return List.copyOf(this.requests);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] raw = exchange.getRequestBody().readAllBytes();
			JsonNode body = (raw.length > 0) ? MAPPER.readTree(raw) : MAPPER.createObjectNode();
			String path = exchange.getRequestURI().getPath();
			this.requests.add(new Received(path, Map.copyOf(exchange.getRequestHeaders()), body));
			Error error = this.nextError;
			if (error != null) {
				this.nextError = null;
				ObjectNode answer = MAPPER.createObjectNode();
				ObjectNode detail = answer.putObject("error");
				detail.put("message", error.message()).put("type", error.type()).put("code", error.code());
				detail.putNull("param");
				send(exchange, error.status(), "application/json", answer.toString());
				return;
			}
			String model = body.path("model").asString("test-model") + this.modelSuffix;
			if (path.endsWith("/chat/completions")) {
				if (body.path("stream").asBoolean(false)) {
					streamChat(exchange, body, model);
				}
				else {
					send(exchange, 200, "application/json", chat(body, model).toString());
				}
			}
			else if (path.endsWith("/embeddings")) {
				send(exchange, 200, "application/json", embeddings(body, model).toString());
			}
			else if (path.endsWith("/responses")) {
				send(exchange, 200, "application/json", responses(body, model).toString());
			}
			else {
				send(exchange, 404, "application/json", "{\"error\":{\"message\":\"not found\"}}");
			}
		}
	}

	private ObjectNode chat(JsonNode request, String model) {
		ObjectNode answer = MAPPER.createObjectNode();
		answer.put("id", "chatcmpl-" + this.requests.size()).put("object", "chat.completion")
			.put("created", 1_700_000_000L).put("model", model);
		ObjectNode choice = answer.putArray("choices").addObject();
		choice.put("index", 0).put("finish_reason", "stop").putNull("logprobs");
		choice.putObject("message").put("role", "assistant").put("content", this.reply.apply(request))
			.putNull("refusal");
		answer.set("usage", usage(true));
		return answer;
	}

	private void streamChat(HttpExchange exchange, JsonNode request, String model) throws IOException {
		exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
		exchange.sendResponseHeaders(200, 0);
		String id = "chatcmpl-stream-" + this.requests.size();
		List<String> pieces = new ArrayList<>();
		for (String word : this.reply.apply(request).split("(?<= )")) {
			pieces.add(word);
		}
		try (OutputStream out = exchange.getResponseBody()) {
			for (int i = 0; i <= pieces.size(); i++) {
				ObjectNode chunk = MAPPER.createObjectNode();
				chunk.put("id", id).put("object", "chat.completion.chunk").put("created", 1_700_000_000L)
					.put("model", model);
				ObjectNode choice = chunk.putArray("choices").addObject();
				choice.put("index", 0);
				ObjectNode delta = choice.putObject("delta");
				if (i < pieces.size()) {
					if (i == 0) {
						delta.put("role", "assistant");
					}
					delta.put("content", pieces.get(i));
					choice.putNull("finish_reason");
				}
				else {
					choice.put("finish_reason", "stop");
				}
				chunk.putNull("usage");
				event(out, chunk.toString());
			}
			ObjectNode usageChunk = MAPPER.createObjectNode();
			usageChunk.put("id", id).put("object", "chat.completion.chunk").put("created", 1_700_000_000L)
				.put("model", model);
			usageChunk.putArray("choices");
			usageChunk.set("usage", usage(true));
			event(out, usageChunk.toString());
			event(out, "[DONE]");
		}
	}

	private static void event(OutputStream out, String data) throws IOException {
		out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	private ObjectNode embeddings(JsonNode request, String model) {
		ObjectNode answer = MAPPER.createObjectNode();
		answer.put("object", "list");
		ArrayNode data = answer.putArray("data");
		JsonNode input = request.path("input");
		int count = input.isArray() ? input.size() : 1;
		for (int i = 0; i < count; i++) {
			ObjectNode embedding = data.addObject();
			embedding.put("object", "embedding").put("index", i);
			embedding.putArray("embedding").add(0.1 * (i + 1)).add(-0.2).add(0.3);
		}
		answer.put("model", model);
		answer.putObject("usage").put("prompt_tokens", this.inputTokens).put("total_tokens", this.inputTokens);
		return answer;
	}

	private ObjectNode responses(JsonNode request, String model) {
		ObjectNode answer = MAPPER.createObjectNode();
		answer.put("id", "resp_" + this.requests.size()).put("object", "response").put("created_at", 1_700_000_000L)
			.put("status", "completed").put("model", model);
		ObjectNode message = answer.putArray("output").addObject();
		message.put("type", "message").put("id", "msg_1").put("status", "completed").put("role", "assistant");
		message.putArray("content").addObject().put("type", "output_text").put("text", this.reply.apply(request))
			.putArray("annotations");
		answer.putObject("usage").put("input_tokens", this.inputTokens).put("output_tokens", this.outputTokens)
			.put("total_tokens", this.inputTokens + this.outputTokens);
		return answer;
	}

	private ObjectNode usage(boolean chat) {
		ObjectNode usage = MAPPER.createObjectNode();
		usage.put("prompt_tokens", this.inputTokens);
		if (chat) {
			usage.put("completion_tokens", this.outputTokens);
		}
		usage.put("total_tokens", this.inputTokens + (chat ? this.outputTokens : 0));
		return usage;
	}

	private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", contentType);
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
