package cn.wenxin.infra.shared;

import io.vertx.core.Future;

import java.time.Duration;

/** Fixed-window counters: how many times a key was hit in the current window. */
public interface RateLimiter {

  /** Counts one hit and answers the count in the window that the first hit opened. */
  Future<Long> hit(String key, Duration window);

  Future<Void> reset(String key);
}
