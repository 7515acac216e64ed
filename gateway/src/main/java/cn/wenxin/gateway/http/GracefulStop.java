package cn.wenxin.gateway.http;

import cn.wenxin.infra.error.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stop that cuts no request: counts API requests in flight; once stopping, new ones get a 503 with Retry-After
 * (an answer, not a reset connection), those in flight are answered (for at most {@link #IN_FLIGHT_LIMIT}), then
 * the server shuts down, which closes each WebSocket with 1012 "service restart" (docs/realtime.md).
 */
public final class GracefulStop implements Handler<RoutingContext> {

  static final Duration IN_FLIGHT_LIMIT = Duration.ofSeconds(10);
  private static final long POLL_MS = 20;

  /** How long the server's own shutdown may take before it is simply closed. */
  static final long SHUTDOWN_LIMIT_MS = 2_500;

  private final Vertx vertx;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean stopping;

  public GracefulStop(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (stopping) {
      ctx.response().putHeader("Connection", "close");
      ctx.fail(new ProblemException(503, "Service unavailable", "The service is restarting; try again shortly",
          new io.vertx.core.json.JsonObject().put("retryAfter", 5)));
      return;
    }
    inFlight.incrementAndGet();
    ctx.addEndHandler(v -> inFlight.decrementAndGet());
    ctx.next();
  }

  /** Stops taking requests, waits for those in flight, then shuts the server down. */
  public Future<Void> drain(HttpServer server) {
    stopping = true;
    long deadline = System.nanoTime() + IN_FLIGHT_LIMIT.toNanos();
    Promise<Void> idle = Promise.promise();
    whenIdle(deadline, idle);
    return idle.future().compose(v -> shutdown(server));
  }

  /**
   * The server's own shutdown (sockets told to go, 1 s to close), bounded: Vert.x can fail to schedule its own
   * close timer when less than a millisecond is left ("Cannot schedule a timer with delay < 1 ms"), and then that
   * shutdown never completes and neither would the stop. After {@link #SHUTDOWN_LIMIT_MS} the server is closed.
   */
  private Future<Void> shutdown(HttpServer server) {
    Promise<Void> done = Promise.promise();
    try {
      server.shutdown(1, TimeUnit.SECONDS).onComplete(ar -> done.tryComplete());
    } catch (RuntimeException e) {
      server.close().onComplete(ar -> done.tryComplete());
    }
    vertx.setTimer(SHUTDOWN_LIMIT_MS, id -> {
      if (!done.future().isComplete()) {
        server.close().onComplete(ar -> done.tryComplete());
      }
    });
    return done.future();
  }

  /**
   * One-shot timers, one after another: a periodic timer cancelled from its own first run can fail inside Vert.x
   * (the run may come before the timer is fully registered), and then the drain would never end.
   */
  private void whenIdle(long deadline, Promise<Void> idle) {
    if (inFlight.get() <= 0 || System.nanoTime() > deadline) {
      idle.tryComplete();
      return;
    }
    vertx.setTimer(POLL_MS, id -> whenIdle(deadline, idle));
  }
}
