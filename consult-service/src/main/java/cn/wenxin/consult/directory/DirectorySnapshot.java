package cn.wenxin.consult.directory;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * The active experts' profiles and their parsed availability rules as a directory search last read them, kept for
 * {@link #REMEMBER}: reading and decoding both whole collections and parsing every expert's rules was most of a
 * search's work, for data that changes a few times a day. Never stale after a change on this node: the directory's
 * own writes (admin edits of experts, an expert's rules) forget it before and after they are written, and a load
 * under way when a change lands is not kept. A change made through another node shows within {@link #REMEMBER}.
 * Busy times are not kept here: they are read fresh for every search. Booking and the slots of one expert read the
 * database, so what can be booked is never decided from this.
 * One per Vert.x instance: every directory verticle instance of a node shares it. Callers must not modify what it
 * gives.
 */
final class DirectorySnapshot {

  static final Duration REMEMBER = Duration.ofSeconds(2);
  private static final Map<Vertx, DirectorySnapshot> PER_VERTX = new WeakHashMap<>();

  record View(List<JsonObject> experts, Map<String, Availability> rules) {
  }

  private record Kept(Future<View> view, long untilNanos) {
  }

  private volatile Kept kept;
  private volatile long changedAt = System.nanoTime() - 2 * REMEMBER.toNanos();

  static synchronized DirectorySnapshot of(Vertx vertx) {
    return PER_VERTX.computeIfAbsent(vertx, v -> new DirectorySnapshot());
  }

  /** The kept view, or {@code load}'s (searches arriving while it loads share that one load). */
  Future<View> get(Supplier<Future<View>> load) {
    long asked = System.nanoTime();
    Kept k = kept;
    if (k != null && k.untilNanos - asked > 0) {
      return k.view;
    }
    Future<View> loading = load.get();
    Kept mine = new Kept(loading, asked + REMEMBER.toNanos());
    kept = mine;
    loading.onComplete(r -> {
      if (r.failed() || changedAt - asked >= 0) {
        forget(mine);
      }
    });
    return loading;
  }

  /** Around a write to a profile or to rules: call before it is sent and again when it is answered. */
  void changed() {
    changedAt = System.nanoTime();
    kept = null;
  }

  private synchronized void forget(Kept k) {
    if (kept == k) {
      kept = null;
    }
  }
}
