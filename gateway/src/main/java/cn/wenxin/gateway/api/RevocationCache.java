package cn.wenxin.gateway.api;

import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.shared.PubSub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Remembers for {@link #REMEMBER} that an access token was not signed out, so a burst of requests with one token
 * pays one Redis read instead of one each. Sign-out stays prompt:
 * <ul>
 *   <li>a sign-out through this node forgets that sign-in session here before its answer leaves, and an answer
 *   that Redis gave before that moment is not remembered after it;</li>
 *   <li>the account service, which ends every sign-in (sign-out, refresh-token reuse), tells every node over shared
 *   pub/sub ({@link PubSub#SIGN_IN_ENDED}) before it answers;</li>
 *   <li>whatever else is missed (a lost pub/sub message: at most once) is seen within {@link #REMEMBER}.</li>
 * </ul>
 * One per Vert.x instance: every gateway instance of a node shares it (hence the concurrent maps).
 */
public final class RevocationCache {

  /** The longest a node may go on accepting a token that was signed out elsewhere. */
  public static final Duration REMEMBER = Duration.ofSeconds(2);
  private static final int MAX_ENTRIES = 100_000;
  private static final Map<Vertx, Future<RevocationCache>> PER_VERTX = new WeakHashMap<>();

  private record Allowed(String sessionId, long untilNanos) {
  }

  private final Map<String, Allowed> allowed = new ConcurrentHashMap<>();   // by token id
  private final Map<String, Long> endedAt = new ConcurrentHashMap<>();      // by sign-in session id, nanoTime

  public static synchronized Future<RevocationCache> of(Vertx vertx, PubSub pubSub) {
    return PER_VERTX.computeIfAbsent(vertx, v -> {
      RevocationCache cache = new RevocationCache();
      return pubSub.subscribe(PubSub.SIGN_IN_ENDED, cache::forget).map(s -> cache);
    });
  }

  /** Whether the token was signed out: a remembered "no", or {@code lookup}'s answer (a "no" is remembered). */
  Future<Boolean> denied(Principal p, Supplier<Future<Boolean>> lookup) {
    long asked = System.nanoTime();
    Allowed a = allowed.get(p.tokenId());
    if (a != null && a.untilNanos - asked > 0) {
      return Future.succeededFuture(false);
    }
    return lookup.get().onSuccess(denied -> {
      if (!denied) {
        remember(p, asked);
      }
    });
  }

  private void remember(Principal p, long asked) {
    if (endedSince(p.sessionId(), asked)) {
      return;   // signed out while Redis was being asked: that answer may be stale
    }
    if (allowed.size() >= MAX_ENTRIES) {
      purge();
    }
    allowed.put(p.tokenId(), new Allowed(p.sessionId(), asked + REMEMBER.toNanos()));
  }

  private boolean endedSince(String id, long asked) {
    Long ended = id == null ? null : endedAt.get(id);
    return ended != null && ended - asked >= 0;
  }

  /** A sign-out is being answered on this node: forget its sign-in here at once (the account service tells all). */
  void signedOut(Principal p) {
    if (p.sessionId() != null) {
      forget(p.sessionId());
    }
  }

  private void forget(String sessionId) {
    long now = System.nanoTime();
    endedAt.put(sessionId, now);
    allowed.values().removeIf(a -> sessionId.equals(a.sessionId()));
    endedAt.values().removeIf(at -> now - at > 2 * REMEMBER.toNanos());
  }

  private void purge() {
    long now = System.nanoTime();
    allowed.values().removeIf(a -> a.untilNanos - now <= 0);
    if (allowed.size() >= MAX_ENTRIES) {
      allowed.clear();
    }
  }
}
