package cn.wenxin.gateway.http;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import cn.wenxin.gateway.testing.DemoStackTest;
import cn.wenxin.gateway.testing.LogCapture;
import cn.wenxin.infra.logging.JsonLineEncoder;
import cn.wenxin.infra.logging.NodeName;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

class RequestIdLoggingTest extends DemoStackTest {

  @Test
  @DisplayName("the caller's X-Request-Id is on the log lines of the gateway and of the service behind the event bus")
  void requestIdInEveryLogLine() {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setPattern("[%requestId] %logger{0}: %msg%n");
    String lines = LogCapture.written(encoder, () ->
        await(stack.http().post("/api/v1/auth/login").putHeader("X-Request-Id", "trace-7f3a")
            .sendJsonObject(new JsonObject().put("username", "student077").put("password", "wrong"))));
    assertThat(lines).contains("[trace-7f3a] AccountVerticle: Failed sign-in");
    assertThat(lines).contains("[trace-7f3a] ProblemResponses: POST /api/v1/auth/login answered 401");
  }

  @Test
  @DisplayName("JSON logs: every line is one object, and the service's line behind the event bus has the request id")
  void requestIdInJsonLines() {
    String written = LogCapture.written(new JsonLineEncoder(), () ->
        await(stack.http().post("/api/v1/auth/login").putHeader("X-Request-Id", "trace-json-51")
            .sendJsonObject(new JsonObject().put("username", "student078").put("password", "wrong"))));
    List<JsonObject> lines = written.lines().map(JsonObject::new).toList();
    JsonObject service = lines.stream().filter(l -> l.getString("logger").endsWith(".AccountVerticle")
        && l.getString("message").startsWith("Failed sign-in")).findFirst().orElseThrow();
    assertThat(service.getString("requestId")).isEqualTo("trace-json-51");
    assertThat(service.getString("level")).isEqualTo("INFO");
    assertThat(service.getString("node")).isEqualTo(NodeName.get()).isNotBlank();
    assertThat(java.time.Instant.parse(service.getString("time"))).isNotNull();
    assertThat(lines).anySatisfy(l -> assertThat(l.getString("logger")).endsWith(".ProblemResponses"));
  }
}
