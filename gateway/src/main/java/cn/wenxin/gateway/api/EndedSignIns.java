package cn.wenxin.gateway.api;

import cn.wenxin.infra.shared.PubSub;
import cn.wenxin.infra.shared.SharedState;
import cn.wenxin.infra.shared.SignInEnds;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * This node's own copy of every ended sign-in whose access tokens may still be alive, so checking a token is a map
 * lookup, never a Redis call, and goes on working while Redis is away. The copy is:
 * <ul>
 *   <li>loaded from the shared log ({@link SignInEnds}) before the node trusts any token, and read on from there
 *   every {@link #RECONCILE}: one small Redis read per node; what pub/sub lost is seen within that bound;</li>
 *   <li>told at once of every end over pub/sub ({@link PubSub#SIGN_IN_ENDED});</li>
 *   <li>told of a sign-out through this node before its answer leaves, Redis or not.</li>
 * </ul>
 * An entry leaves when the last token of its sign-in has expired. One per Vert.x instance: every gateway instance
 * of a node shares it (hence the concurrent map, read from several event loops).
 */
public final class EndedSignIns {

  /** The longest a node may go on accepting a token signed out elsewhere (while Redis answers). */
  public static final Duration RECONCILE = Duration.ofSeconds(2);
  /** About 130 bytes each: some 30 MB, far beyond the sign-outs of one token lifetime here. */
  static final int MAX_ENTRIES = 250_000;
  private static final int PAGE = 1_000;
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
  /** Kept this much past their time: the writer's clock and the token issuer's may run ahead of ours. */
  private static final long CLOCK_SKEW_MS = Duration.ofMinutes(1).toMillis();
  private static final Logger log = LoggerFactory.getLogger(EndedSignIns.class);
  private static final Map<Vertx, Future<EndedSignIns>> PER_VERTX = new WeakHashMap<>();

  private final Map<String, Long> refuseUntil = new ConcurrentHashMap<>();   // session id -> epoch ms
  private final SignInEnds source;
  private final Duration tokenLifetime;
  private final BooleanSupplier complete;
  private final AtomicBoolean reading = new AtomicBoolean();
  private volatile boolean loaded;
  private volatile boolean failing;
  private volatile String cursor;

  /**
   * {@code complete}: whether the log is the one every node writes (Redis, or a node alone); a node of a cluster that
   * fell back to in-process state has only its own sign-outs and stays closed until Redis answers.
   */
  EndedSignIns(SignInEnds source, Duration tokenLifetime, BooleanSupplier complete) {
    this.source = source;
    this.tokenLifetime = tokenLifetime;
    this.complete = complete;
  }

  public static synchronized Future<EndedSignIns> of(Vertx vertx, SharedState state, Duration tokenLifetime) {
    return PER_VERTX.computeIfAbsent(vertx, v -> {
      boolean clustered = vertx.isClustered();
      EndedSignIns ends = new EndedSignIns(state.signInEnds(), tokenLifetime,
          () -> !clustered || "redis".equals(state.backend()));
      return state.pubSub().subscribe(PubSub.SIGN_IN_ENDED, ends::end)
          // A failed first load leaves the node closed to signed-in requests until a later read succeeds.
          .compose(s -> ends.reconcile().otherwiseEmpty())
          .onSuccess(x -> vertx.setPeriodic(RECONCILE.toMillis(), id -> ends.reconcile()))
          .map(ends);
    });
  }

  /** False until the copy was loaded once: until then no token can be checked, so none is accepted. */
  public boolean loaded() {
    return loaded;
  }

  /** Whether the sign-in was ended (sign-out, a reused refresh token). */
  public boolean refuses(String sessionId) {
    return sessionId != null && refuseUntil.containsKey(sessionId);
  }

  /** A sign-in ended here or elsewhere: its tokens are refused from now on, until the longest has expired. */
  void end(String sessionId) {
    put(sessionId, System.currentTimeMillis() + tokenLifetime.toMillis());
  }

  /** Reads on from the cursor until the log is exhausted; drops what has expired. */
  Future<Void> reconcile() {
    if (!reading.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    boolean trusted = complete.getAsBoolean();
    return readOn().onComplete(ar -> {
      reading.set(false);
      if (ar.succeeded()) {
        loaded = loaded || trusted;
        if (failing) {
          failing = false;
          log.info("Ended sign-ins read again from the shared log ({} kept)", refuseUntil.size());
        }
      } else if (!failing) {
        failing = true;
        log.warn("Ended sign-ins cannot be read ({}); checking tokens on this node's copy{}", ar.cause().getMessage(),
            loaded ? "" : ", which is not loaded yet: signed-in requests are refused meanwhile");
      }
      prune();
    });
  }

  private Future<Void> readOn() {
    // A read that hangs (a half-open connection) must not hold up the next ones.
    return source.after(cursor, PAGE).timeout(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).compose(page -> {
      page.ended().forEach(e -> put(e.sessionId(), e.refuseUntilMillis()));
      cursor = page.cursor();
      return page.ended().size() < PAGE ? Future.succeededFuture() : readOn();
    });
  }

  private void put(String sessionId, long until) {
    if (until + CLOCK_SKEW_MS <= System.currentTimeMillis()) {
      return;
    }
    if (refuseUntil.size() >= MAX_ENTRIES) {
      prune();
    }
    refuseUntil.merge(sessionId, until, Math::max);
  }

  private void prune() {
    long now = System.currentTimeMillis();
    refuseUntil.values().removeIf(until -> until + CLOCK_SKEW_MS <= now);
    if (refuseUntil.size() >= MAX_ENTRIES) {
      // Never reached at this service's scale; if it is, the ends nearest their tokens' expiry matter least.
      log.error("More than {} ended sign-ins within one token lifetime: forgetting those closest to expiry",
          MAX_ENTRIES);
      refuseUntil.values().stream().sorted().skip(MAX_ENTRIES / 10).findFirst()
          .ifPresent(cut -> refuseUntil.values().removeIf(until -> until < cut));
    }
  }
}
