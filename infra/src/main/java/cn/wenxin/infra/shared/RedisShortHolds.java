package cn.wenxin.infra.shared;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;

import java.time.Duration;
import java.util.List;

final class RedisShortHolds implements ShortHolds {

  private final RedisAPI api;
  private final RedisKeys keys;

  RedisShortHolds(RedisAPI api, RedisKeys keys) {
    this.keys = keys;
    this.api = api;
  }

  @Override
  public Future<Boolean> hold(String key, String value, Duration ttl) {
    return api.set(List.of(keys.of(key), value, "NX", "PX", Long.toString(Math.max(1, ttl.toMillis()))))
        .map(r -> r != null && "OK".equals(r.toString()));
  }

  @Override
  public Future<String> get(String key) {
    return api.get(keys.of(key)).map(r -> r == null ? null : r.toString());
  }

  @Override
  public Future<Duration> remaining(String key) {
    return api.pttl(keys.of(key)).map(r -> {
      long ms = r.toLong();
      return ms < 0 ? null : Duration.ofMillis(ms);
    });
  }

  @Override
  public Future<Void> release(String key) {
    return api.del(List.of(keys.of(key))).mapEmpty();
  }
}
