package cn.wenxin.gateway.http;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import cn.wenxin.gateway.testing.DemoStackTest;
import cn.wenxin.infra.logging.JsonLineEncoder;
import cn.wenxin.infra.logging.NodeName;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

class RequestIdLoggingTest extends DemoStackTest {

  @Test
  @DisplayName("the caller's X-Request-Id is on the log lines of the gateway and of the service behind the event bus")
  void requestIdInEveryLogLine() {
    LoggerContext logs = (LoggerContext) LoggerFactory.getILoggerFactory();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(logs);
    encoder.setPattern("[%requestId] %logger{0}: %msg%n");
    encoder.start();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(logs);
    appender.setEncoder(encoder);
    appender.setOutputStream(out);
    appender.start();
    Logger root = logs.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(appender);
    try {
      await(stack.http().post("/api/v1/auth/login").putHeader("X-Request-Id", "trace-7f3a")
          .sendJsonObject(new JsonObject().put("username", "student077").put("password", "wrong")));
    } finally {
      root.detachAppender(appender);
      appender.stop();
    }
    String lines = out.toString(StandardCharsets.UTF_8);
    assertThat(lines).contains("[trace-7f3a] AccountVerticle: Failed sign-in");
    assertThat(lines).contains("[trace-7f3a] ProblemResponses: POST /api/v1/auth/login answered 401");
  }

  @Test
  @DisplayName("JSON logs: every line is one object, and the service's line behind the event bus has the request id")
  void requestIdInJsonLines() {
    LoggerContext logs = (LoggerContext) LoggerFactory.getILoggerFactory();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonLineEncoder encoder = new JsonLineEncoder();
    encoder.setContext(logs);
    encoder.start();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(logs);
    appender.setEncoder(encoder);
    appender.setOutputStream(out);
    appender.start();
    Logger root = logs.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(appender);
    try {
      await(stack.http().post("/api/v1/auth/login").putHeader("X-Request-Id", "trace-json-51")
          .sendJsonObject(new JsonObject().put("username", "student078").put("password", "wrong")));
    } finally {
      root.detachAppender(appender);
      appender.stop();
    }
    List<JsonObject> lines = out.toString(StandardCharsets.UTF_8).lines().map(JsonObject::new).toList();
    JsonObject service = lines.stream().filter(l -> l.getString("logger").endsWith(".AccountVerticle")
        && l.getString("message").startsWith("Failed sign-in")).findFirst().orElseThrow();
    assertThat(service.getString("requestId")).isEqualTo("trace-json-51");
    assertThat(service.getString("level")).isEqualTo("INFO");
    assertThat(service.getString("node")).isEqualTo(NodeName.get()).isNotBlank();
    assertThat(java.time.Instant.parse(service.getString("time"))).isNotNull();
    assertThat(lines).anySatisfy(l -> assertThat(l.getString("logger")).endsWith(".ProblemResponses"));
  }
}
