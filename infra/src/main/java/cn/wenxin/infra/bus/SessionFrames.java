package cn.wenxin.infra.bus;

import java.util.Set;

/**
 * The WebSocket frame types of a counseling session (docs/realtime.md, "Chat"), named once: the gateway routes
 * exactly these to the session service, and the session service relays only {@link #RELAYED} to the other party.
 */
public final class SessionFrames {

  /** Passed to the other party of an active session as they are (typing, read marks, WebRTC signalling). */
  public static final Set<String> RELAYED = Set.of("chat.typing", "chat.read", "rtc.ready", "rtc.offer",
      "rtc.answer", "rtc.ice", "rtc.hangup");

  /** Every session frame type a connection may send. */
  public static final Set<String> ALL = union(Set.of("chat.join", "chat.leave", "chat.send"), RELAYED);

  /**
   * The frame types of a livestream room (docs/realtime.md, "Livestreams"): join (snapshot, then live updates),
   * leave, and the host's peer-to-peer video signals. Questions, chat and reactions go over HTTP.
   */
  public static final Set<String> LIVE = Set.of("live.join", "live.leave", "live.rtc");

  private SessionFrames() {
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    java.util.Set<String> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }
}
