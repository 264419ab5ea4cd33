package dev.logspring.logfire.llm;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The streamed-response reader: the caller reads exactly what the server sent, events are seen
 * as they pass, completion is reported once, and memory stays bounded whatever the stream.
 */
class ServerSentEventsTapTest {

	private final List<JsonNode> chunks = new ArrayList<>();

	private final AtomicInteger completions = new AtomicInteger();

	private InputStream tap(byte[] stream) {
		return new ServerSentEventsTap(new ByteArrayInputStream(stream), this.chunks::add,
				this.completions::incrementAndGet);
	}

	private static byte[] events(String... payloads) {
		StringBuilder out = new StringBuilder();
		for (String payload : payloads) {
			out.append("data: ").append(payload).append("\r\n\r\n");
		}
		return out.toString().getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void callerReadsTheStreamUnchangedWhateverTheReadSizes() throws IOException {
		byte[] stream = events("{\"n\": 1, \"text\": \"héllo ✓\"}", "{\"n\": 2}", "[DONE]");
		ByteArrayOutputStream read = new ByteArrayOutputStream();
		try (InputStream in = tap(stream)) {
			read.write(in.read());
			assertThat(in.skip(3)).isEqualTo(3);
			read.write(stream, 1, 3);
			byte[] buffer = new byte[7];
			for (int n = in.read(buffer, 0, 7); n > 0; n = in.read(buffer, 0, 7)) {
				read.write(buffer, 0, n);
			}
		}
		assertThat(read.toByteArray()).isEqualTo(stream);
		assertThat(this.chunks).extracting((chunk) -> chunk.path("n").asInt()).containsExactly(1, 2);
		assertThat(this.chunks.get(0).path("text").asString()).isEqualTo("héllo ✓");
		assertThat(this.completions).hasValue(1);
	}

	@Test
	void completesOnceAtTheEndOfAStreamWithoutDoneOrWhenClosedEarly() throws IOException {
		try (InputStream in = tap(events("{\"n\": 1}"))) {
			in.readAllBytes();
		}
		assertThat(this.completions).hasValue(1);
		InputStream abandoned = tap(events("{\"n\": 2}", "{\"n\": 3}"));
		abandoned.read(new byte[10]);
		abandoned.close();
		assertThat(this.completions).hasValue(2);
	}

	@Test
	void oversizedLinesAndBrokenJsonNeverFailTheCaller() throws IOException {
		String huge = "{\"text\": \"" + "x".repeat(ServerSentEventsTap.MAX_LINE_BYTES + 10) + "\"}";
		byte[] stream = events("{\"n\": 1}", huge, "{\"n\": 2}");
		try (InputStream in = tap(stream)) {
			assertThat(in.readAllBytes()).isEqualTo(stream);
		}
		assertThat(this.chunks).extracting((chunk) -> chunk.path("n").asInt()).containsExactly(1, 2);

		byte[] broken = events("{\"n\": 1}", "{not json", "{\"n\": 2}");
		try (InputStream in = tap(broken)) {
			assertThat(in.readAllBytes()).isEqualTo(broken);
		}
		assertThat(this.completions).hasValue(2);
	}

	@Test
	void combinedAnswerOfALongStreamIsCutAtTheContentLimit() throws IOException {
		LlmTelemetry telemetry = new LlmTelemetry(OpenTelemetry.noop(), LlmPriceTable.withDefaults(Map.of()), true,
				true, false, 100);
		LlmCall call = new LlmCall(LlmOperation.CHAT, "openai");
		OpenAiWireFormat.StreamAccumulator accumulator = new OpenAiWireFormat.StreamAccumulator(call, telemetry, 101);
		String[] payloads = new String[20_001];
		for (int i = 0; i < 20_000; i++) {
			payloads[i] = "{\"id\": \"c1\", \"model\": \"gpt-4o\", \"choices\": [{\"delta\": {\"content\": \"word \"}}]}";
		}
		payloads[20_000] = "{\"choices\": [{\"delta\": {}, \"finish_reason\": \"length\"}], "
				+ "\"usage\": {\"prompt_tokens\": 3, \"completion_tokens\": 20000}}";
		try (InputStream in = new ServerSentEventsTap(new ByteArrayInputStream(events(payloads)), accumulator::chunk,
				accumulator::complete)) {
			in.transferTo(java.io.OutputStream.nullOutputStream());
		}
		JsonNode data = (JsonNode) call.responseData;
		assertThat(data.path("message").path("content").asString()).hasSize(100 + "...[truncated]".length())
			.startsWith("word word ");
		assertThat(data.path("chunk_count").asInt()).isEqualTo(20_001);
		assertThat(call.outputTokens).isEqualTo(20_000L);
		assertThat(call.finishReasons).containsExactly("length");
		assertThat(call.responseModel).isEqualTo("gpt-4o");
	}

}
