package cn.wenxin.consult.session;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The active sessions this node read lately, so that a chat message does not read its session again. Only ACTIVE
 * ones are kept, and only for {@link #KEEP}: the session's two people and its window do not change while it is
 * active (a hotline chat only adds staff, and someone not found here is looked up afresh). What does change, the end,
 * is not taken from here: the chat log is closed before anyone is told a session is over, and a closed log refuses
 * the message whatever a node remembers ({@link cn.wenxin.infra.shared.ChatLog#close}). A move made on this node
 * forgets the session at once. Used on the session verticle's event loop only.
 */
final class ActiveSessions {

  /** How long a read is trusted for who may write; well inside how long a closed log stays marked. */
  static final Duration KEEP = Duration.ofSeconds(30);
  private static final int MAX = 20_000;

  /** A session as read, with its end parsed once: every message's log keeps until a day past it. */
  record Known(JsonObject session, Instant closesAt) {
    static Known of(JsonObject session) {
      return new Known(session, Instant.parse(session.getString("closesAt")));
    }
  }

  private record Entry(Known known, long until) {
  }

  private final Map<String, Entry> byId = new HashMap<>();

  /** The session as read at most {@link #KEEP} ago, or null. */
  Known get(String id) {
    Entry e = byId.get(id);
    if (e == null) {
      return null;
    }
    if (e.until() <= System.currentTimeMillis()) {
      byId.remove(id);
      return null;
    }
    return e.known();
  }

  /** Keeps {@code session} if it is active; anything else is forgotten. */
  void remember(Known known) {
    String id = known.session().getString("_id");
    if (SessionViews.state(known.session()) != SessionState.ACTIVE) {
      byId.remove(id);
      return;
    }
    long now = System.currentTimeMillis();
    if (byId.size() >= MAX) {
      byId.values().removeIf(e -> e.until() <= now);
      if (byId.size() >= MAX) {
        byId.clear();
      }
    }
    byId.put(id, new Entry(known, now + KEEP.toMillis()));
  }

  void forget(String id) {
    byId.remove(id);
  }
}
