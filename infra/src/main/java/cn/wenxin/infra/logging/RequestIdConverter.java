package cn.wenxin.infra.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.vertx.core.impl.VertxThread;

/** Logback {@code %requestId}: the request id of the Vert.x context the line is logged on, or "-". */
public class RequestIdConverter extends ClassicConverter {

  @Override
  public String convert(ILoggingEvent event) {
    // Only Vert.x threads have contexts. Asking Vert.x from any other thread could start its class initialisation
    // from inside a log call, while Vert.x itself is still creating its loggers, and break it for good.
    if (!(Thread.currentThread() instanceof VertxThread)) {
      return "-";
    }
    String id = RequestContext.current();
    return id == null ? "-" : id;
  }
}
