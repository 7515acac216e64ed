package cn.wenxin.gateway.realtime;

import io.vertx.core.Vertx;

/**
 * The clocks of every open socket of one gateway instance (the hello deadline, the access token's expiry, the idle
 * limit), read by one periodic task on the instance's event loop instead of two or three timers per socket. The
 * sockets are linked through themselves, so watching one allocates nothing. A clock is read at most one tick late.
 */
final class SessionClocks {

  /** Most limits are seconds long; an idle limit below 4 s (tests) is read four times within it. */
  static long tickMs(long idleMs) {
    return Math.min(1_000, Math.max(250, idleMs / 4));
  }

  private RealtimeSession first;

  SessionClocks(Vertx vertx, long tickMs) {
    vertx.setPeriodic(tickMs, id -> tick(System.currentTimeMillis()));
  }

  void add(RealtimeSession s) {
    s.nextWatched = first;
    if (first != null) {
      first.previousWatched = s;
    }
    first = s;
  }

  void remove(RealtimeSession s) {
    if (s.previousWatched != null) {
      s.previousWatched.nextWatched = s.nextWatched;
    } else if (first == s) {
      first = s.nextWatched;
    } else {
      return;  // not watched (removed already)
    }
    if (s.nextWatched != null) {
      s.nextWatched.previousWatched = s.previousWatched;
    }
    s.nextWatched = null;
    s.previousWatched = null;
  }

  private void tick(long now) {
    for (RealtimeSession s = first; s != null; ) {
      RealtimeSession next = s.nextWatched;
      s.checkClocks(now);
      s = next;
    }
  }
}
