package cn.wenxin.consult.session;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A counseling session's life. SCHEDULED (booked) -> WAITING (the student is in the waiting room) -> ACTIVE (the
 * expert admitted them) -> ENDED; or NO_SHOW (the window closed and the student never came), CANCELLED (the
 * booking was cancelled), ABORTED (the booking went away under a running session). The allowed moves live here
 * and nowhere else; the last four states are final.
 */
public enum SessionState {
  SCHEDULED, WAITING, ACTIVE, ENDED, NO_SHOW, CANCELLED, ABORTED;

  private static final Map<SessionState, Set<SessionState>> NEXT = Map.of(
      SCHEDULED, EnumSet.of(WAITING, NO_SHOW, CANCELLED, ABORTED),
      WAITING, EnumSet.of(ACTIVE, ENDED, CANCELLED, ABORTED),
      ACTIVE, EnumSet.of(ENDED, ABORTED));

  public boolean canBecome(SessionState next) {
    return NEXT.getOrDefault(this, Set.of()).contains(next);
  }

  public boolean terminal() {
    return !NEXT.containsKey(this);
  }

  /** States a session can still leave: the sweep looks at these. */
  public static Set<SessionState> open() {
    return NEXT.keySet();
  }

  public String wire() {
    return name().toLowerCase();
  }

  public static SessionState fromWire(String s) {
    return valueOf(s.toUpperCase());
  }
}
