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

  // One round trip for many keys: presence of a whole node is refreshed at once.
  private static final String PUT_ALL = "for i = 1, #KEYS do redis.call('SET', KEYS[i], ARGV[1], 'PX', ARGV[2]) end "
      + "return #KEYS";

  @Override
  public Future<Void> putAll(List<String> names, String value, Duration ttl) {
    if (names.isEmpty()) {
      return Future.succeededFuture();
    }
    List<String> args = new java.util.ArrayList<>(names.size() + 4);
    args.add(PUT_ALL);
    args.add(Integer.toString(names.size()));
    names.forEach(n -> args.add(keys.of(n)));
    args.add(value);
    args.add(Long.toString(Math.max(1, ttl.toMillis())));
    return api.eval(args).mapEmpty();
  }

  @Override
  public Future<Void> release(String key) {
    return api.del(List.of(keys.of(key))).mapEmpty();
  }
}
