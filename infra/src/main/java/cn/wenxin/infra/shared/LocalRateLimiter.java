package cn.wenxin.infra.shared;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/** In-process fallback for one node; windows expire lazily on the next hit. */
final class LocalRateLimiter implements RateLimiter {

  private record Window(long count, long expiresAtMillis) {
  }

  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  @Override
  public Future<Long> hit(String key, Duration window) {
    long now = System.currentTimeMillis();
    Window w = windows.compute(key, (k, old) -> old == null || old.expiresAtMillis <= now
        ? new Window(1, now + window.toMillis())
        : new Window(old.count + 1, old.expiresAtMillis));
    return Future.succeededFuture(w.count);
  }

  @Override
  public Future<Void> reset(String key) {
    windows.remove(key);
    return Future.succeededFuture();
  }
}
