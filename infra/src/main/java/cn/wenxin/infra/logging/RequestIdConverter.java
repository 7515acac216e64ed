package cn.wenxin.infra.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** Logback {@code %requestId}: the request id of the Vert.x context the line is logged on, or "-". */
public class RequestIdConverter extends ClassicConverter {

  @Override
  public String convert(ILoggingEvent event) {
    String id = RequestContext.forLog();
    return id == null ? "-" : id;
  }
}
