package cn.wenxin.infra.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** Logback {@code %requestId}: the request id of the Vert.x context the line is logged on, or "-". */
public class RequestIdConverter extends ClassicConverter {

  @Override
  public String convert(ILoggingEvent event) {
    String id;
    try {
      id = RequestContext.current();
    } catch (RuntimeException vertxNotReady) {
      // Vert.x logs while it is still being built, before contexts exist: a log line must never fail for that.
      id = null;
    }
    return id == null ? "-" : id;
  }
}
