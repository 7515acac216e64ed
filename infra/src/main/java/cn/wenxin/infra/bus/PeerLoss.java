package cn.wenxin.infra.bus;

import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The requests of one node still waiting for an answer, and what to do with them when another node leaves the
 * cluster. A request the event bus routed to a node that died (killed, cut off) in the seconds before the cluster
 * dropped it is never answered: the bus only fails it at its timeout (15 s), and a connection refused on the way
 * does not fail it either. So when a node leaves, whatever was asked before and is still unanswered {@link #GRACE}
 * later is taken as lost with it and refused as unavailable (503, Retry-After) rather than left to time out. A
 * request to a living node is normally answered well within that grace; one that is not is refused too, and its
 * caller asks again, as after a timeout (the same doubt about whether it was done, only sooner).
 */
public final class PeerLoss {

  static final Duration GRACE = Duration.ofSeconds(2);
  private static final Map<Vertx, PeerLoss> PER_VERTX = new WeakHashMap<>();

  private final Vertx vertx;
  private final Set<Waiting> waiting = ConcurrentHashMap.newKeySet();

  private PeerLoss(Vertx vertx) {
    this.vertx = vertx;
  }

  public static synchronized PeerLoss of(Vertx vertx) {
    return PER_VERTX.computeIfAbsent(vertx, PeerLoss::new);
  }

  /** One request in flight; {@code lost} runs (on any thread) if it is taken as lost with a node. */
  public interface Waiting {
    void lost();
  }

  Runnable watch(Waiting w) {
    waiting.add(w);
    return () -> waiting.remove(w);
  }

  /** A node left the cluster (from the cluster manager's thread). */
  public void nodeLeft() {
    Set<Waiting> before = Set.copyOf(waiting);
    if (before.isEmpty()) {
      return;
    }
    vertx.setTimer(GRACE.toMillis(), id -> before.forEach(w -> {
      if (waiting.remove(w)) {
        w.lost();
      }
    }));
  }

  /** Requests in flight now (tests). */
  int inFlight() {
    return waiting.size();
  }
}
