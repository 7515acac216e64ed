package cn.wenxin.gateway.realtime;

import cn.wenxin.infra.shared.Presence;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Presence of the people connected to this node, written to the shared state in batches: newcomers within a
 * second, everyone again well before their entry expires. A ping costs nothing; a reconnect storm of hundreds of
 * sockets costs one Redis call a second instead of two per ping.
 */
final class OnlineUsers {

  private static final Logger log = LoggerFactory.getLogger(OnlineUsers.class);
  static final Duration TTL = Duration.ofSeconds(75);
  private static final long NEWCOMERS_MS = 1_000;
  private static final long REFRESH_MS = 25_000;

  private final Presence presence;
  private final Map<String, Integer> sockets = new HashMap<>();
  private Set<String> newcomers = new HashSet<>();

  OnlineUsers(Vertx vertx, Presence presence) {
    this.presence = presence;
    vertx.setPeriodic(NEWCOMERS_MS, id -> flushNewcomers());
    vertx.setPeriodic(REFRESH_MS, id -> write(List.copyOf(sockets.keySet())));
  }

  void joined(String userId) {
    if (sockets.merge(userId, 1, Integer::sum) == 1) {
      newcomers.add(userId);
    }
  }

  /** The entry expires by itself once nobody refreshes it. */
  void left(String userId) {
    sockets.computeIfPresent(userId, (k, n) -> n <= 1 ? null : n - 1);
  }

  private void flushNewcomers() {
    if (!newcomers.isEmpty()) {
      Set<String> batch = newcomers;
      newcomers = new HashSet<>();
      write(List.copyOf(batch));
    }
  }

  private void write(List<String> users) {
    if (!users.isEmpty()) {
      presence.heartbeatAll(users, TTL)
          .onFailure(err -> log.warn("Refreshing presence of {} people failed: {}", users.size(), err.getMessage()));
    }
  }
}
