package cn.wenxin.infra.logging;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.spi.VertxServiceProvider;
import io.vertx.core.spi.context.storage.ContextLocal;

/**
 * Carries the request id in a Vert.x context local so that every log line of a request (HTTP or event-bus message)
 * names it. Registered as a {@link VertxServiceProvider} because context locals must exist before Vert.x starts.
 */
public class RequestContext implements VertxServiceProvider {

  public static final ContextLocal<String> REQUEST_ID = ContextLocal.registerLocal(String.class);

  /** The header that carries it, over HTTP and on event-bus messages alike. */
  public static final String HEADER = "X-Request-Id";

  @Override
  public void init(VertxBootstrap builder) {
    // the static field above is the registration
  }

  public static String current() {
    Context ctx = Vertx.currentContext();
    return ctx == null ? null : ctx.getLocal(REQUEST_ID);
  }

  /**
   * The id for a log line, or null. Only Vert.x threads have contexts: asking Vert.x from any other thread could start
   * its class initialisation from inside a log call, while Vert.x itself is still creating its loggers, and break it.
   */
  public static String forLog() {
    return Thread.currentThread() instanceof io.vertx.core.impl.VertxThread ? current() : null;
  }

  public static void set(String requestId) {
    Context ctx = Vertx.currentContext();
    if (ctx != null && requestId != null) {
      ctx.putLocal(REQUEST_ID, requestId);
    }
  }
}
