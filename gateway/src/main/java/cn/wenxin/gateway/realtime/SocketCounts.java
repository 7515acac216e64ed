package cn.wenxin.gateway.realtime;

import io.vertx.core.Vertx;

import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * Open sockets on this node per person and per client address, so that one account or one address cannot hold
 * hundreds. One per Vert.x instance, shared by every gateway instance of the node (each runs on its own event loop,
 * so the counts are taken atomically).
 */
final class SocketCounts implements IntSupplier {

  private static final Map<Vertx, SocketCounts> PER_VERTX = new WeakHashMap<>();

  /** Keyed by the ids themselves (no "u|"-prefixed copy per person): the principal's id is already held. */
  private final Map<String, Integer> perUserCounts = new ConcurrentHashMap<>();
  private final Map<String, Integer> perAddressCounts = new ConcurrentHashMap<>();
  private final int perUser;
  private final int perAddress;

  private SocketCounts(int perUser, int perAddress) {
    this.perUser = perUser;
    this.perAddress = perAddress;
  }

  /** The node's counts; the first gateway instance to ask sets the caps (every instance reads the same config). */
  static synchronized SocketCounts of(Vertx vertx, int perUser, int perAddress) {
    return PER_VERTX.computeIfAbsent(vertx, v -> new SocketCounts(perUser, perAddress));
  }

  /** Open sockets (and upgrades under way) on this node: each holds one count of its address. */
  @Override
  public int getAsInt() {
    return perAddressCounts.values().stream().mapToInt(Integer::intValue).sum();
  }

  boolean tryAddress(String address) {
    return take(perAddressCounts, address, perAddress);
  }

  boolean tryUser(String userId) {
    return take(perUserCounts, userId, perUser);
  }

  void releaseAddress(String address) {
    release(perAddressCounts, address);
  }

  void releaseUser(String userId) {
    release(perUserCounts, userId);
  }

  private static boolean take(Map<String, Integer> counts, String key, int cap) {
    boolean[] taken = {false};
    counts.compute(key, (k, n) -> {
      int now = n == null ? 0 : n;
      if (now >= cap) {
        return n;
      }
      taken[0] = true;
      return now + 1;
    });
    return taken[0];
  }

  private static void release(Map<String, Integer> counts, String key) {
    counts.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
  }
}
