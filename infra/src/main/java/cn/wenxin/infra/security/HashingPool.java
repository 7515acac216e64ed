package cn.wenxin.infra.security;

import cn.wenxin.infra.error.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Password hashing on a few threads of its own with a short queue. Argon2 takes a core for as long as it runs, so
 * a sign-in flood may not take them all: beyond the queue the answer is 503 with Retry-After, and every other
 * operation keeps its worker pool and its latency.
 */
public final class HashingPool {

  private final WorkerExecutor executor;
  private final AtomicInteger permits;

  public HashingPool(Vertx vertx, int threads, int queue) {
    this.executor = vertx.createSharedWorkerExecutor("wenxin-password-hashing", threads, 1, TimeUnit.MINUTES);
    this.permits = new AtomicInteger(threads + queue);
  }

  public <T> Future<T> run(Callable<T> work) {
    if (permits.decrementAndGet() < 0) {
      permits.incrementAndGet();
      return Future.failedFuture(busy());
    }
    // Unordered: one slow hash must not hold back the next caller's.
    return executor.<T>executeBlocking(work, false).andThen(done -> permits.incrementAndGet());
  }

  public static ProblemException busy() {
    return new ProblemException(503, "Service unavailable", "Too many sign-ins at once; try again in a moment",
        new io.vertx.core.json.JsonObject().put("retryAfter", 2));
  }

  public Future<Void> close() {
    return executor.close();
  }
}
