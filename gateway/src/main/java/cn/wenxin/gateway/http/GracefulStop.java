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
    // Completed before the timer is cancelled: drain runs from the shutdown hook's thread, so the first tick can
    // come before Vert.x has recorded the timer, and cancelling it then throws; the next tick cancels it.
    vertx.setPeriodic(POLL_MS, POLL_MS, id -> {
      if (inFlight.get() <= 0 || System.nanoTime() > deadline) {
        idle.tryComplete();
        vertx.cancelTimer(id);
      }
    });
    return idle.future().compose(v -> server.shutdown(1, TimeUnit.SECONDS));
  }
}
