package cn.wenxin.infra.shared;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** In-process fallback with the same rules as the Redis script; one lock makes check-and-count one step. */
final class LocalSignInAttempts implements SignInAttempts {

  private record Counter(long count, long expiresAt) {
  }

  private final Map<String, Counter> counters = new HashMap<>();
  private final Map<String, Map<String, Long>> known = new HashMap<>();

  @Override
  public synchronized Future<Duration> reserve(String account, String address, Limits l) {
    long now = System.currentTimeMillis();
    sweep(now);
    String pair = SignInAttempts.pairKey(account, address);
    String acct = SignInAttempts.accountKey(account);
    String addr = SignInAttempts.addressKey(address);
    int pairLimit = count(acct, now) >= l.perAccount() ? 1 : l.perPair();
    if (count(pair, now) >= pairLimit) {
      return Future.succeededFuture(left(pair, now, l));
    }
    Map<String, Long> users = knownAt(address, now);
    if (count(addr, now) > 0 && !users.containsKey(account)
        && count(addr, now) >= Math.min(l.addressCap(), l.perAddress() + (long) l.perKnownUser() * users.size())) {
      return Future.succeededFuture(left(addr, now, l));
    }
    for (String k : new String[] {pair, acct, addr}) {
      Counter c = counters.get(k);
      counters.put(k, c == null || c.expiresAt <= now ? new Counter(1, now + l.window().toMillis())
          : new Counter(c.count + 1, c.expiresAt));
    }
    return Future.succeededFuture(null);
  }

  @Override
  public synchronized Future<Void> succeeded(String account, String address, Limits l) {
    long now = System.currentTimeMillis();
    counters.remove(SignInAttempts.pairKey(account, address));
    for (String k : new String[] {SignInAttempts.accountKey(account), SignInAttempts.addressKey(address)}) {
      Counter c = counters.get(k);
      if (c != null && c.count > 0) {
        counters.put(k, new Counter(c.count - 1, c.expiresAt));
      }
    }
    known.computeIfAbsent(address, a -> new HashMap<>()).put(account, now + l.knownFor().toMillis());
    return Future.succeededFuture();
  }

  private long count(String key, long now) {
    Counter c = counters.get(key);
    return c == null || c.expiresAt <= now ? 0 : c.count;
  }

  private Duration left(String key, long now, Limits l) {
    Counter c = counters.get(key);
    return Duration.ofMillis(c == null ? l.window().toMillis() : Math.max(1, c.expiresAt - now));
  }

  private Map<String, Long> knownAt(String address, long now) {
    Map<String, Long> users = known.getOrDefault(address, Map.of());
    if (!users.isEmpty()) {
      users.values().removeIf(until -> until <= now);
    }
    return users;
  }

  /** Keeps a flood of distinct names from growing the maps without bound. */
  private void sweep(long now) {
    if (counters.size() > 10_000) {
      counters.values().removeIf(c -> c.expiresAt <= now);
    }
    if (known.size() > 10_000) {
      known.values().forEach(m -> m.values().removeIf(until -> until <= now));
      known.values().removeIf(Map::isEmpty);
    }
  }
}
