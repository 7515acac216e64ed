package cn.wenxin.infra.shared;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/** Who is online, kept alive by refreshes that expire; built on {@link ShortHolds} so it works on either backend. */
public final class Presence {

  private final ShortHolds holds;

  public Presence(ShortHolds holds) {
    this.holds = holds;
  }

  public Future<Void> heartbeat(String userId, Duration ttl) {
    return heartbeatAll(List.of(userId), ttl);
  }

  /** Many people in one round trip (a node refreshes everyone connected to it at once). */
  public Future<Void> heartbeatAll(Collection<String> userIds, Duration ttl) {
    return holds.putAll(userIds.stream().map(Presence::key).toList(), "1", ttl);
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
