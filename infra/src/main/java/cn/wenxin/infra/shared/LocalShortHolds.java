package cn.wenxin.infra.shared;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/** In-process fallback for one node; expired entries are dropped when touched and swept on writes. */
final class LocalShortHolds implements ShortHolds {

  private record Entry(String value, long expiresAtMillis) {
    boolean alive(long now) {
      return expiresAtMillis > now;
    }
  }

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  @Override
  public Future<Boolean> hold(String key, String value, Duration ttl) {
    long now = System.currentTimeMillis();
    if (entries.size() > 10_000) {
      entries.values().removeIf(e -> !e.alive(now));
    }
    Entry mine = new Entry(value, now + Math.max(1, ttl.toMillis()));
    Entry winner = entries.compute(key, (k, old) -> old != null && old.alive(now) ? old : mine);
    return Future.succeededFuture(winner == mine);
  }

  @Override
  public Future<String> get(String key) {
    Entry e = live(key);
    return Future.succeededFuture(e == null ? null : e.value);
  }

  @Override
  public Future<Duration> remaining(String key) {
    Entry e = live(key);
    return Future.succeededFuture(e == null ? null
        : Duration.ofMillis(e.expiresAtMillis - System.currentTimeMillis()));
  }

  @Override
  public Future<Void> putAll(java.util.List<String> keys, String value, Duration ttl) {
    long until = System.currentTimeMillis() + Math.max(1, ttl.toMillis());
    keys.forEach(k -> entries.put(k, new Entry(value, until)));
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> release(String key) {
    entries.remove(key);
    return Future.succeededFuture();
  }

  private Entry live(String key) {
    Entry e = entries.get(key);
    if (e != null && !e.alive(System.currentTimeMillis())) {
      entries.remove(key, e);
      return null;
    }
    return e;
  }
}
