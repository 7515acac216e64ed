package cn.wenxin.infra.shared;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;

import java.time.Duration;
import java.util.List;

final class RedisRateLimiter implements RateLimiter {

  // INCR and the window's expiry in one atomic step, so a crash between them cannot leave a counter forever.
  private static final String HIT = "local n = redis.call('INCR', KEYS[1]) "
      + "if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return n";

  private final RedisAPI api;
  private final RedisKeys keys;

  RedisRateLimiter(RedisAPI api, RedisKeys keys) {
    this.keys = keys;
    this.api = api;
  }

  @Override
  public Future<Long> hit(String key, Duration window) {
    return api.eval(List.of(HIT, "1", keys.of(key), Long.toString(window.toMillis())))
        .map(r -> r.toLong());
  }

  @Override
  public Future<Void> reset(String key) {
    return api.del(List.of(keys.of(key))).mapEmpty();
  }
}
