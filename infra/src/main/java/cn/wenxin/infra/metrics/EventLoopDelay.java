package cn.wenxin.infra.metrics;

import io.micrometer.core.instrument.Timer;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Event-loop delay: a task on every event loop of this Vert.x asks to run again in {@link #PERIOD_MS} and records how
 * much later than that it did run. It does nothing else, so it costs nothing and blocks nothing; a loop held up by
 * blocking code shows as a long delay (Node.js's "event loop lag"). It ends with the event loops.
 */
final class EventLoopDelay {

  static final long PERIOD_MS = 200;

  private EventLoopDelay() {
  }

  static void watch(Vertx vertx, Timer delay) {
    for (EventExecutor loop : ((VertxInternal) vertx).eventLoopGroup()) {
      next(loop, delay);
    }
  }

  private static void next(EventExecutor loop, Timer delay) {
    long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PERIOD_MS);
    try {
      loop.schedule(() -> {
        delay.record(Math.max(0, System.nanoTime() - due), TimeUnit.NANOSECONDS);
        next(loop, delay);
      }, PERIOD_MS, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      // Vert.x is closing: the loop takes no more tasks.
    }
  }
}
