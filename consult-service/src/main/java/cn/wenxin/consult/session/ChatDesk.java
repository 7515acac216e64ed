package cn.wenxin.consult.session;

import cn.wenxin.infra.bus.SessionFrames;

import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.shared.ChatLog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/**
 * The chat of a session, frame by frame as the gateway forwards them: each one is checked against the session
 * (only its student and its expert; messages and signals only while ACTIVE). A message is numbered by the
 * {@link ChatLog} and then published on the session's address, where every gateway holding one of the two
 * people's sockets picks it up.
 */
final class ChatDesk {

  static final int BACKLOG_PAGE = 500;
  /** Frames a party may pass to the other one as they are. */
  static final Set<String> RELAYED = SessionFrames.RELAYED;

  private final Vertx vertx;
  private final SessionStore store;
  private final ChatLog log;
  private final MessageScreen screen;
  private final WenxinConfig.Sessions config;
  private final ActiveSessions active;

  ChatDesk(Vertx vertx, SessionStore store, ChatLog log, MessageScreen screen, WenxinConfig.Sessions config,
           ActiveSessions active) {
    this.vertx = vertx;
    this.store = store;
    this.log = log;
    this.screen = screen;
    this.config = config;
    this.active = active;
  }

  static ProblemException refusal(int status, String reason, String detail) {
    return new ProblemException(status, "Refused", detail, new JsonObject().put("reason", reason));
  }

  /** The session and the caller's side in it; someone else's session does not exist (404, no probing). */
  Future<Party> party(Principal me, String sessionId) {
    if (sessionId == null) {
      return Future.failedFuture(refusal(400, "bad_message", "sessionId is required"));
    }
    return store.find(sessionId).compose(s -> {
      Side side = Side.of(me, s);
      return side == null ? Future.failedFuture(refusal(404, "not_found", "No such session"))
          : Future.succeededFuture(new Party(s, side));
    });
  }

  /**
   * The same for a message, from the node's memory of active sessions when it has the caller in it; the log's
   * closed mark, checked in the same step as the append, refuses it if the session has ended since.
   */
  private Future<Sender> sender(Principal me, String sessionId) {
    ActiveSessions.Known known = sessionId == null ? null : active.get(sessionId);
    Side side = known == null ? null : Side.of(me, known.session());
    if (side != null) {
      return Future.succeededFuture(new Sender(new Party(known.session(), side), known.closesAt()));
    }
    return party(me, sessionId).map(p -> {
      ActiveSessions.Known read = ActiveSessions.Known.of(p.session());
      active.remember(read);
      return new Sender(p, read.closesAt());
    });
  }

  private record Sender(Party party, Instant closesAt) {
  }

  record Party(JsonObject session, Side side) {
    boolean active() {
      return SessionViews.state(session) == SessionState.ACTIVE;
    }

    String id() {
      return session.getString("_id");
    }
  }

  Future<JsonObject> send(Principal me, JsonObject body) {
    String clientMsgId = body.getString("clientMsgId");
    String text = body.getString("text");
    if (clientMsgId == null || clientMsgId.isBlank() || clientMsgId.length() > 64 || text == null
        || text.isBlank()) {
      return Future.failedFuture(refusal(400, "bad_message", "chat.send needs clientMsgId and text"));
    }
    if (text.length() > config.chatMaxChars()) {
      return Future.failedFuture(refusal(422, "too_long", "At most " + config.chatMaxChars() + " characters"));
    }
    return sender(me, body.getString("sessionId")).compose(who -> {
      Party p = who.party();
      if (!p.active()) {
        return Future.failedFuture(notActive());
      }
      String key = p.side().wire() + ":" + clientMsgId;
      // Screened first, so that the closed check, the resend check, the flood count and the append are one step of
      // the log (one Redis round trip). A resend or a refused message is screened again: an alert is raised once
      // per session and level, and a student in crisis is worth one even when their message was over the limit.
      return risk(p, text).compose(r -> {
        JsonObject m = message(p, text, r);
        return log.send(p.id(), key, p.side().wire(), Duration.ofMinutes(1), config.chatPerMinute(), m,
                keep(who.closesAt()))
            .compose(sent -> switch (sent.outcome()) {
              case CLOSED -> Future.failedFuture(notActive());
              case RATE_LIMITED -> Future.failedFuture(refusal(429, "rate_limited", "Too many messages; wait a moment"));
              case RESENT -> sent.replicated() ? republished(p, sent.seq())
                  : Future.failedFuture(notYetSafe());
              case STORED -> sent.replicated() ? Future.succeededFuture(delivered(p, m, sent.seq(), r))
                  : Future.failedFuture(notYetSafe());
            });
      });
    });
  }

  /**
   * Stored, but not yet on the replicas a failover would promote: neither shown nor acknowledged, so the sender's tab
   * keeps it and sends it again; the resend is answered with its seq once the replicas hold it, and shown then.
   */
  private static ProblemException notYetSafe() {
    return refusal(503, "unavailable", "The message is not yet stored safely; it is sent again in a moment");
  }

  private static ProblemException notActive() {
    return refusal(409, "not_active", "Messages go only while the session is active");
  }

  /** A message written on someone's behalf by the service (a talk-now opening): numbered and screened as sent. */
  Future<JsonObject> say(JsonObject session, Side side, String key, String text) {
    Party p = new Party(session, side);
    return risk(p, text).compose(r -> {
      JsonObject m = message(p, text, r);
      return log.append(p.id(), key, m, keep(Instant.parse(session.getString("closesAt"))))
          .recover(err -> Future.failedFuture(err instanceof ChatLog.Closed ? notActive() : err))
          // Not held back for the replicas: the talk keeps its opening words itself, and failing here would fail
          // the talk's creation, which the student would then repeat.
          .map(a -> a.fresh() ? delivered(p, m, a.seq(), r) : answer(a.seq(), r));
    });
  }

  /** A student's words are screened for risk; an expert's are not. */
  private Future<JsonObject> risk(Party p, String text) {
    String source = HotlineChats.KIND.equals(p.session().getString("kind")) ? "queue" : "session";
    return p.side() == Side.STUDENT ? screen.screen(p.id(), text, source) : Future.succeededFuture(null);
  }

  private static JsonObject message(Party p, String text, JsonObject risk) {
    JsonObject m = new JsonObject().put("from", p.side().wire()).put("text", text)
        .put("at", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
    if (risk != null && (risk.getInteger("level", 0) > 0 || risk.getBoolean("flagged", false))) {
      m.put("risk", risk);
    }
    return m;
  }

  private static Duration keep(Instant closesAt) {
    return Duration.between(Instant.now(), closesAt).plusDays(1);
  }

  /** Stored for the first time: out to the session's address, where the gateways of both people pick it up. */
  private JsonObject delivered(Party p, JsonObject m, long seq, JsonObject risk) {
    vertx.eventBus().publish(Addresses.chat(p.id()), m.put("type", "chat.msg").put("sessionId", p.id()).put("seq", seq));
    return answer(seq, risk);
  }

  /**
   * A resend of a stored message: its seq again, and the message out once more, since it may never have gone out (it
   * was stored while the replicas lagged). Each connection shows a seq once, so one that had it drops it.
   */
  private Future<JsonObject> republished(Party p, long seq) {
    return log.after(p.id(), seq - 1, 1).map(stored -> {
      if (!stored.isEmpty() && stored.get(0).getLong("seq", 0L) == seq) {
        vertx.eventBus().publish(Addresses.chat(p.id()), stored.get(0).copy().put("type", "chat.msg")
            .put("sessionId", p.id()));
      }
      return new JsonObject().put("seq", seq);
    });
  }

  private static JsonObject answer(long seq, JsonObject risk) {
    JsonObject answer = new JsonObject().put("seq", seq);
    return risk == null ? answer : answer.put("level", risk.getInteger("level", 0));
  }

  /** Messages after {@code after}, for a tab that joins or comes back; the student's copy carries no risk. */
  Future<JsonObject> backlog(Principal me, JsonObject body) {
    long after = Math.max(0, body.getLong("after", 0L));
    return party(me, body.getString("sessionId")).compose(p -> log.after(p.id(), after, BACKLOG_PAGE).map(list -> {
      JsonArray items = new JsonArray();
      list.forEach(m -> {
        JsonObject frame = m.copy().put("type", "chat.msg").put("sessionId", p.id());
        if (p.side() == Side.STUDENT) {
          frame.remove("risk");
        }
        items.add(frame);
      });
      return new JsonObject().put("side", p.side().wire()).put("state", p.session().getString("state"))
          .put("items", items).put("more", list.size() == BACKLOG_PAGE);
    }));
  }

  /** Typing, read marks and video signals go to the other party only, and only while ACTIVE. */
  Future<JsonObject> relay(Principal me, JsonObject body) {
    JsonObject frame = body.getJsonObject("frame");
    if (frame == null || !RELAYED.contains(frame.getString("type"))) {
      return Future.failedFuture(refusal(400, "bad_message", "Not a frame that is relayed"));
    }
    return party(me, body.getString("sessionId")).compose(p -> {
      if (!p.active()) {
        return Future.failedFuture(refusal(409, "not_active", "Only while the session is active"));
      }
      JsonObject out = frame.copy().put("sessionId", p.id()).put("from", p.side().wire())
          .put("to", p.side().other().wire());
      vertx.eventBus().publish(Addresses.chat(p.id()), out);
      return Future.succeededFuture(new JsonObject());
    });
  }
}
