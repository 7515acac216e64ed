package cn.wenxin.gateway.http;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import cn.wenxin.infra.logging.JsonLineEncoder;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Log format: readable by default, one JSON object per line when asked, Hazelcast quiet")
class LogFormatTest {

  /** The production logback.xml (tests run on logback-test.xml), read into a context of its own. */
  private static LoggerContext production(String format) throws Exception {
    LoggerContext context = new LoggerContext();
    if (format != null) {
      context.putProperty("WENXIN_LOG_FORMAT", format);
    }
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
    return context;
  }

  @Test
  @DisplayName("logback.xml writes text unless WENXIN_LOG_FORMAT is json, and Hazelcast at WARN")
  void appenderByFormat() throws Exception {
    Logger root = production(null).getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getAppender("TEXT")).isNotNull();
    assertThat(root.getAppender("JSON")).isNull();
    assertThat(production("something else").getLogger(Logger.ROOT_LOGGER_NAME).getAppender("TEXT")).isNotNull();
    LoggerContext json = production("json");
    var appender = (OutputStreamAppender<ILoggingEvent>) json.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("JSON");
    assertThat(appender.getEncoder()).isInstanceOf(JsonLineEncoder.class);
    assertThat(json.getLogger("com.hazelcast.internal.cluster").getEffectiveLevel()).isEqualTo(Level.WARN);
  }

  @Test
  @DisplayName("A JSON line carries the message, escaped, and the exception with its stack; no request id off Vert.x")
  void jsonLine() {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    context.start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonLineEncoder encoder = new JsonLineEncoder();
    encoder.setContext(context);
    encoder.start();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setOutputStream(out);
    appender.start();
    Logger log = context.getLogger("cn.wenxin.Example");
    log.addAppender(appender);
    log.warn("Two \"quoted\"\nlines for {}", "学生", new IllegalStateException("boom"));
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text.lines()).as(context.getStatusManager().getCopyOfStatusList().toString()).hasSize(1);
    JsonObject line = new JsonObject(text);
    assertThat(line.getString("message")).isEqualTo("Two \"quoted\"\nlines for 学生");
    assertThat(line.getString("level")).isEqualTo("WARN");
    assertThat(line.getString("logger")).isEqualTo("cn.wenxin.Example");
    assertThat(line.getString("exception")).startsWith("java.lang.IllegalStateException: boom").contains("at ");
    assertThat(line.containsKey("requestId")).isFalse();
  }
}
