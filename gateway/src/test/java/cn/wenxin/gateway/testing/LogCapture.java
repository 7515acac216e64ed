package cn.wenxin.gateway.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every log event of the JVM while open, so a test can say "no ERROR, no stack trace". */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

  private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

  public static LogCapture begin() {
    LogCapture capture = new LogCapture();
    capture.setContext((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory());
    capture.start();
    root().addAppender(capture);
    return capture;
  }

  /**
   * What {@code encoder} writes of every log line of the JVM while {@code action} runs (the encoder gets the
   * context and is started here): the lines as a deployment's appender would print them.
   */
  public static String written(ch.qos.logback.core.encoder.Encoder<ILoggingEvent> encoder, Runnable action) {
    var context = (ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    encoder.setContext(context);
    encoder.start();
    var appender = new ch.qos.logback.core.OutputStreamAppender<ILoggingEvent>();
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setOutputStream(out);
    appender.start();
    root().addAppender(appender);
    try {
      action.run();
    } finally {
      root().detachAppender(appender);
      appender.stop();
    }
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  @Override
  protected void append(ILoggingEvent event) {
    events.add(event);
  }

  /** ERROR events and any event that carries a stack trace, as "LEVEL logger: message". */
  public List<String> errorsAndStacks() {
    return events.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR) || e.getThrowableProxy() != null)
        .map(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
  }

  public long count(Level level) {
    return events.stream().filter(e -> e.getLevel().equals(level)).count();
  }

  @Override
  public void close() {
    root().detachAppender(this);
    stop();
  }
}
