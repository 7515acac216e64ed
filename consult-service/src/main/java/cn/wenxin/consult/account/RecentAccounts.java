package cn.wenxin.consult.account;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Account documents read for {@code /me} in the last {@link #REMEMBER}, so that a page load's burst of {@code /me}
 * calls pays one database read instead of one each. Never stale after a change on this node: every write to an
 * account through this package forgets it before and after the write, and a read that was under way when a change
 * landed is not remembered. A change made elsewhere (another node) shows within {@link #REMEMBER}, the same bound
 * the gateways keep for sign-outs. Only {@code /me} reads through here; sign-in, refresh and every decision that
 * guards something read the database.
 * One per Vert.x instance: every account verticle instance of a node shares it.
 */
final class RecentAccounts {

  static final Duration REMEMBER = Duration.ofSeconds(2);
  private static final int MAX_ENTRIES = 50_000;
  private static final Map<Vertx, RecentAccounts> PER_VERTX = new WeakHashMap<>();

  private record Kept(JsonObject account, long untilNanos) {
  }

  private final Map<String, Kept> kept = new ConcurrentHashMap<>();
  private final Map<String, Long> changedAt = new ConcurrentHashMap<>();
  private volatile long allChangedAt = System.nanoTime() - 2 * REMEMBER.toNanos();

  static synchronized RecentAccounts of(Vertx vertx) {
    return PER_VERTX.computeIfAbsent(vertx, v -> new RecentAccounts());
  }

  /** The account as {@code read} gives it, or as it was given less than {@link #REMEMBER} ago (a copy). */
  Future<JsonObject> byId(String id, Supplier<Future<JsonObject>> read) {
    long asked = System.nanoTime();
    Kept k = kept.get(id);
    if (k != null && k.untilNanos - asked > 0) {
      return Future.succeededFuture(k.account.copy());
    }
    return read.get().onSuccess(account -> {
      if (account != null && !changedSince(id, asked)) {
        if (kept.size() >= MAX_ENTRIES) {
          purge();
        }
        kept.put(id, new Kept(account.copy(), asked + REMEMBER.toNanos()));
      }
    });
  }

  /** Around a write to one account: call before it is sent and again when it is answered. */
  void changed(String id) {
    long now = System.nanoTime();
    changedAt.put(id, now);
    kept.remove(id);
    if (changedAt.size() > 1000) {
      changedAt.values().removeIf(at -> now - at > 2 * REMEMBER.toNanos());
    }
  }

  /** Around a write to accounts chosen by a filter (a sweep). */
  void allChanged() {
    allChangedAt = System.nanoTime();
    kept.clear();
  }

  private boolean changedSince(String id, long asked) {
    Long at = changedAt.get(id);
    return (at != null && at - asked >= 0) || allChangedAt - asked >= 0;
  }

  private void purge() {
    long now = System.nanoTime();
    kept.values().removeIf(k -> k.untilNanos - now <= 0);
    if (kept.size() >= MAX_ENTRIES) {
      kept.clear();
    }
  }
}
