package cn.wenxin.gateway.realtime;

import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceClient;
import cn.wenxin.infra.bus.ServiceRequest;
import cn.wenxin.infra.bus.SessionFrames;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.security.Principal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Set;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The {@code chat.*} and {@code rtc.*} frames of one connection (docs/realtime.md, "Chat"). Every frame is
 * authorized by the session service; what the connection receives comes from the sessions it joined, in sequence
 * order, once each ({@link JoinedSession}).
 */
final class ChatFrames {

  private final Vertx vertx;
  private final ServiceClient services;
  private final Supplier<Principal> principal;
  private final Consumer<JsonObject> out;
  private final Map<String, JoinedSession> joined = new HashMap<>();
  private Future<JsonObject> sending = Future.succeededFuture();

  ChatFrames(Vertx vertx, ServiceClient services, Supplier<Principal> principal, Consumer<JsonObject> out) {
    this.vertx = vertx;
    this.services = services;
    this.principal = principal;
    this.out = out;
  }

  /** The frame types of a counseling session; the session service decides which of them may be relayed. */
  static final Set<String> TYPES = SessionFrames.ALL;

  void handle(JsonObject frame) {
    String type = frame.getString("type");
    if (principal.get() == null) {
      error(frame, "unauthenticated", "Send hello first");
      return;
    }
    if (!(frame.getValue("sessionId") instanceof String sessionId) || sessionId.length() > 64) {
      error(frame, "bad_message", "sessionId (a string) is required");
      return;
    }
    switch (type) {
      case "chat.join" -> join(sessionId, frame.getValue("after") instanceof Number n ? n.longValue() : 0L);
      case "chat.leave" -> leave(sessionId);
      case "chat.send" -> send(frame);
      default -> relay(sessionId, frame);
    }
  }

  private void join(String sessionId, long after) {
    JoinedSession old = joined.remove(sessionId);
    if (old != null) {
      old.close();
    }
    JoinedSession s = new JoinedSession(vertx, sessionId, out, this::backlog);
    joined.put(sessionId, s);
    s.open(Addresses.chat(sessionId))
        .compose(v -> backlog(sessionId, after))
        .onSuccess(reply -> s.ready(reply, after))
        .onFailure(err -> {
          joined.remove(sessionId, s);
          s.close();
          error(new JsonObject().put("type", "chat.join").put("sessionId", sessionId), err);
        });
  }

  private Future<JsonObject> backlog(String sessionId, long after) {
    return ask("chatBacklog", new JsonObject().put("sessionId", sessionId).put("after", after));
  }

  private void leave(String sessionId) {
    JoinedSession s = joined.remove(sessionId);
    if (s != null) {
      s.close();
    }
  }

  private void send(JsonObject frame) {
    if (!(frame.getValue("clientMsgId") instanceof String id) || !(frame.getValue("text") instanceof String text)) {
      error(frame, "bad_message", "chat.send needs clientMsgId and text (strings)");
      return;
    }
    // One at a time per connection: a person's messages are numbered in the order they were sent.
    sending = sending.transform(previous -> ask("chatSend", new JsonObject()
            .put("sessionId", frame.getString("sessionId")).put("clientMsgId", id).put("text", text))
        .onSuccess(r -> out.accept(new JsonObject().put("type", "chat.ack").put("sessionId", frame.getString("sessionId"))
            .put("clientMsgId", id).put("seq", r.getLong("seq"))))
        .onFailure(err -> error(frame, err)));
  }

  /**
   * Typing, read marks and rtc signals: the service checks and passes them to the other party. They join the same
   * queue as this connection's messages, so the other side gets them in the order sent (an ICE candidate never
   * overtakes its offer).
   */
  private void relay(String sessionId, JsonObject frame) {
    JsonObject copy = frame.copy();
    copy.remove("sessionId");
    copy.remove("from");
    copy.remove("to");
    sending = sending.transform(previous -> ask("chatRelay", new JsonObject().put("sessionId", sessionId)
            .put("frame", copy))
        .onFailure(err -> error(frame, err)));
  }

  /** This node's session service when it runs one: a message then crosses the network only to reach the other tab. */
  private Future<JsonObject> ask(String action, JsonObject body) {
    return services.askNearby(Addresses.SESSIONS, action, ServiceRequest.of(principal.get(), new JsonObject(), body));
  }

  private void error(JsonObject frame, Throwable err) {
    if (err instanceof ProblemException p) {
      String reason = p.extensions().getString("reason");
      error(frame, reason != null ? reason : p.status() == 404 ? "not_found" : p.status() >= 500 ? "unavailable"
          : "refused", p.detail());
    } else {
      error(frame, "unavailable", "Try again in a moment");
    }
  }

  private void error(JsonObject frame, String code, String detail) {
    JsonObject e = new JsonObject().put("type", "error").put("code", code).put("detail", detail)
        .put("ref", frame.getString("type"));
    if (frame.getValue("sessionId") instanceof String s) {
      e.put("sessionId", s);
    }
    if (frame.getValue("clientMsgId") instanceof String c) {
      e.put("clientMsgId", c);
    }
    out.accept(e);
  }

  void close() {
    joined.values().forEach(JoinedSession::close);
    joined.clear();
  }
}
