package cn.wenxin.bench.node;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How late the node's event loops run a task: a tick every {@link #TICK_MILLIS} on each loop, and the longest delay
 * past its due time since the harness last asked. A latency tail as long as this lag is the loops being busy (queued
 * work, or CPU taken by other processes), not the path a request takes.
 */
final class LoopLag extends VerticleBase {

  static final long TICK_MILLIS = 5;
  private static final AtomicLong longestNanos = new AtomicLong();

  private long due;

  /** One probe per event loop (Vert.x hands each new context the next loop in turn). */
  static Future<?> watch(Vertx vertx) {
    return vertx.deployVerticle(LoopLag::new,
        new DeploymentOptions().setInstances(2 * Runtime.getRuntime().availableProcessors()));
  }

  @Override
  public Future<?> start() {
    due = System.nanoTime() + TICK_MILLIS * 1_000_000;
    vertx.setPeriodic(TICK_MILLIS, t -> {
      long now = System.nanoTime();
      longestNanos.accumulateAndGet(now - due, Math::max);
      due = now + TICK_MILLIS * 1_000_000;
    });
    return Future.succeededFuture();
  }

  static JsonObject sinceLastAsked() {
    return new JsonObject().put("loopLagMaxMs", Math.max(0, longestNanos.getAndSet(0)) / 1_000_000);
  }
}
