package cn.wenxin.infra.shared;

import io.vertx.core.Future;

import java.time.Duration;

/** Short-lived keys: locks, presence, slot holds. Each expires by itself. */
public interface ShortHolds {

  /** Sets the key only if absent; true when this call took it. */
  Future<Boolean> hold(String key, String value, Duration ttl);

  /** The value, or null when absent or expired. */
  Future<String> get(String key);

  /** Time left, or null when absent or expired. */
  Future<Duration> remaining(String key);

  Future<Void> release(String key);

  /** Sets every key (taken or not) to the value with the ttl, in one step. */
  Future<Void> putAll(java.util.List<String> keys, String value, Duration ttl);
}
