package cn.wenxin.consult.session;

import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.shared.ChatLog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Moves sessions between states: one conditional write per move, then a push to both people's inboxes, then what
 * the new state needs (a timer for the end of the window, or the hand-off of the live messages once it is over).
 * Timers are per node and lost on a restart, so {@link #sweep} finds what they missed.
 */
final class SessionLifecycle {

  private static final Logger log = LoggerFactory.getLogger(SessionLifecycle.class);
  private static final int MAX_MESSAGES = 100_000;
  private static final Duration CLOSED_MARK = Duration.ofDays(1);

  private final Vertx vertx;
  private final SessionStore store;
  private final ChatLog chat;
  private final SessionSeams seams;
  private final ActiveSessions active;

  SessionLifecycle(Vertx vertx, SessionStore store, ChatLog chat, SessionSeams seams) {
    this(vertx, store, chat, seams, new ActiveSessions());
  }

  SessionLifecycle(Vertx vertx, SessionStore store, ChatLog chat, SessionSeams seams, ActiveSessions active) {
    this.vertx = vertx;
    this.store = store;
    this.chat = chat;
    this.seams = seams;
    this.active = active;
  }

  /**
   * The session after moving it to {@code to}. A move the state machine forbids is a 409 with {@code reason}
   * {@code session_<state>}; a race lost to another move answers the winner's document, for the caller to judge.
   */
  Future<JsonObject> move(JsonObject s, SessionState to, String by, String reason) {
    SessionState from = SessionViews.state(s);
    if (from == to) {
      return Future.succeededFuture(s);
    }
    if (!from.canBecome(to)) {
      return Future.failedFuture(notNow(from));
    }
    JsonObject set = to == SessionState.ACTIVE ? new JsonObject().put("liveMessages", "pending") : new JsonObject();
    JsonObject entry = new JsonObject().put("by", by).put("reason", reason);
    return store.transition(s.getString("_id"), from, to, entry, set).compose(done -> done == null
        ? store.find(s.getString("_id"))
        : entered(done).map(done));
  }

  static ProblemException notNow(SessionState state) {
    return new ProblemException(409, "Conflict", "The session is " + state.wire(),
        new JsonObject().put("reason", "session_" + state.wire()));
  }

  private Future<Void> entered(JsonObject s) {
    active.forget(s.getString("_id"));
    SessionState state = SessionViews.state(s);
    // Over after being active: the chat log takes no message from before anyone hears of it, on any node, whatever
    // that node remembers. If Redis cannot be told now, the sweep's hand-off closes it before it reads the log.
    boolean chatted = "pending".equals(s.getString("liveMessages"));
    Future<Void> closed = state.terminal() && chatted ? closeChat(s.getString("_id")).recover(err -> {
      log.warn("Chat of session {} not closed yet ({}); the sweep retries", s.getString("_id"), err.getMessage());
      return Future.succeededFuture();
    }) : Future.succeededFuture();
    return closed.compose(v -> announce(s, state));
  }

  private Future<Void> announce(JsonObject s, SessionState state) {
    JsonObject push = SessionViews.statePush(s);
    vertx.eventBus().publish(Addresses.userInbox(s.getString("studentId")), push);
    vertx.eventBus().publish(Addresses.userInbox(s.getString("expertId")), push);
    vertx.eventBus().publish(Addresses.chat(s.getString("_id")), push);
    if (state == SessionState.WAITING || state == SessionState.ACTIVE) {
      long ms = Duration.between(Instant.now(), Instant.parse(s.getString("closesAt"))).toMillis();
      String id = s.getString("_id");
      vertx.setTimer(Math.max(1, ms), t -> closeIfDue(id));
      return Future.succeededFuture();
    }
    return state.terminal() ? clear(s).recover(err -> {
      log.warn("Live messages of session {} not handed off yet ({}); the sweep retries", s.getString("_id"),
          err.getMessage());
      return Future.succeededFuture();
    }) : Future.succeededFuture();
  }

  /** The window has closed: a session the student never entered is a no-show, any other ends. */
  Future<Void> closeIfDue(String id) {
    return store.find(id).compose(s -> {
      if (s == null || SessionViews.state(s).terminal()
          || Instant.now().isBefore(Instant.parse(s.getString("closesAt")))) {
        return Future.succeededFuture();
      }
      SessionState to = SessionViews.state(s) == SessionState.SCHEDULED ? SessionState.NO_SHOW : SessionState.ENDED;
      return move(s, to, "clock", "time_up").mapEmpty();
    });
  }

  /** Hands the live messages to the transcript service, then deletes them: nothing stays behind unasked. */
  Future<Void> clear(JsonObject s) {
    if (!"pending".equals(s.getString("liveMessages"))) {
      return Future.succeededFuture();
    }
    String id = s.getString("_id");
    return closeChat(id)
        .compose(v -> chat.after(id, 0, MAX_MESSAGES))
        .compose(list -> seams.sessionEnded(s, transcript(list)))
        .compose(v -> chat.delete(id))
        .compose(v -> store.markCleared(id))
        .mapEmpty();
  }

  /** Long past any node's memory of the session as active ({@link ActiveSessions#KEEP}). */
  private Future<Void> closeChat(String id) {
    return chat.close(id, CLOSED_MARK);
  }

  private static JsonArray transcript(List<JsonObject> messages) {
    JsonArray a = new JsonArray();
    messages.forEach(m -> a.add(new JsonObject().put("seq", m.getLong("seq")).put("from", m.getString("from"))
        .put("text", m.getString("text")).put("at", m.getString("at"))));
    return a;
  }

  /** What timers missed (a restart, another node's session): overdue windows and uncleared messages. */
  Future<Void> sweep() {
    Future<Void> overdue = store.overdue(Instant.now()).compose(list -> all(list.stream()
        .map(s -> closeIfDue(s.getString("_id"))).toList()));
    return overdue.compose(v -> store.uncleared()).compose(list -> all(list.stream().map(this::clear).toList()));
  }

  private static Future<Void> all(List<Future<Void>> list) {
    return Future.join(list).mapEmpty();
  }
}
