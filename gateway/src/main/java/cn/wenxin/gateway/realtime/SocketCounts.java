package cn.wenxin.gateway.realtime;

import java.util.HashMap;
import java.util.Map;

/**
 * Open sockets on this node per person and per client address, so that one account or one address cannot hold
 * hundreds. Used only from the gateway's event loop.
 */
final class SocketCounts {

  private final Map<String, Integer> counts = new HashMap<>();
  private final int perUser;
  private final int perAddress;

  SocketCounts(int perUser, int perAddress) {
    this.perUser = perUser;
    this.perAddress = perAddress;
  }

  boolean tryAddress(String address) {
    return take("a|" + address, perAddress);
  }

  boolean tryUser(String userId) {
    return take("u|" + userId, perUser);
  }

  void releaseAddress(String address) {
    release("a|" + address);
  }

  void releaseUser(String userId) {
    release("u|" + userId);
  }

  private boolean take(String key, int cap) {
    int n = counts.getOrDefault(key, 0);
    if (n >= cap) {
      return false;
    }
    counts.put(key, n + 1);
    return true;
  }

  private void release(String key) {
    counts.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
  }
}
