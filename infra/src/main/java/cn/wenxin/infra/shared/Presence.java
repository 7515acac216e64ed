package cn.wenxin.infra.shared;

import io.vertx.core.Future;

import java.time.Duration;

/** Who is online, kept alive by heartbeats; built on {@link ShortHolds} so it works on either backend. */
public final class Presence {

  private final ShortHolds holds;

  public Presence(ShortHolds holds) {
    this.holds = holds;
  }

  public Future<Void> heartbeat(String userId, Duration ttl) {
    return holds.release(key(userId)).compose(v -> holds.hold(key(userId), "1", ttl)).mapEmpty();
  }

  public Future<Boolean> isOnline(String userId) {
    return holds.get(key(userId)).map(v -> v != null);
  }

  public Future<Void> offline(String userId) {
    return holds.release(key(userId));
  }

  private static String key(String userId) {
    return "presence:" + userId;
  }
}
