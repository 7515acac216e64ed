package cn.wenxin.gateway.realtime;

import cn.wenxin.gateway.api.Authenticator;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceClient;
import cn.wenxin.infra.bus.ServiceRequest;
import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.shared.Presence;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One tab's connection. States: waiting for hello (10 s), then live until the access token expires without an
 * "auth" renewal, the client leaves, or the server closes. Pushes for the user arrive on their inbox address;
 * those that arrive while missed ones are replayed are held back and sent after, in sequence order.
 */
final class RealtimeSession {

  static final short UNAUTHENTICATED = 4401;
  private static final short GOING_AWAY = 1001;
  private static final long HELLO_TIMEOUT_MS = 10_000;
  /** Three missed pings (the client pings every 25 s): the other end is gone. */
  private static final long IDLE_MS = 75_000;
  private static final Duration PRESENCE_TTL = Duration.ofSeconds(75);

  private final Vertx vertx;
  private final ServerWebSocket ws;
  private final Authenticator authenticator;
  private final Presence presence;
  private final ServiceClient services;

  private Principal principal;
  private MessageConsumer<JsonObject> inbox;
  private List<JsonObject> heldBack = new ArrayList<>();
  private long lastSeq;
  private long expiryTimer = -1;
  private long lastHeard = System.currentTimeMillis();
  // Counseling-session frames (chat.*, rtc.*): kept apart so they move into the frame table in one line.
  private final ChatFrames chatFrames;

  RealtimeSession(Vertx vertx, ServerWebSocket ws, Authenticator authenticator, Presence presence) {
    this.vertx = vertx;
    this.ws = ws;
    this.authenticator = authenticator;
    this.presence = presence;
    this.services = new ServiceClient(vertx);
    this.chatFrames = new ChatFrames(vertx, services, () -> principal, this::send);
  }

  void start() {
    long helloTimer = vertx.setTimer(HELLO_TIMEOUT_MS, id -> {
      if (principal == null) {
        RealtimeChannel.closeQuietly(ws, UNAUTHENTICATED, "hello expected");
      }
    });
    ws.textMessageHandler(this::onText);
    ws.binaryMessageHandler(b -> error("bad_message", "Send JSON text messages"));
    ws.closeHandler(v -> {
      vertx.cancelTimer(helloTimer);
      vertx.cancelTimer(expiryTimer);
      if (inbox != null) {
        inbox.unregister();
      }
      chatFrames.close();
    });
  }

  private void onText(String text) {
    lastHeard = System.currentTimeMillis();
    JsonObject msg;
    try {
      msg = new JsonObject(text);
    } catch (DecodeException e) {
      error("bad_message", "Messages are JSON objects with a type");
      return;
    }
    String type = msg.getString("type", "");
    switch (type) {
      case "hello" -> authenticate(msg.getString("token"))
          .onSuccess(p -> welcome(p, msg.getLong("resumeAfter", 0L)));
      case "auth" -> authenticate(msg.getString("token"))
          .onSuccess(p -> send(new JsonObject().put("type", "authenticated").put("expiresAt", p.expiresAtEpochSecond())));
      case "ping" -> {
        send(new JsonObject().put("type", "pong"));
        if (principal != null) {
          presence.heartbeat(principal.id(), PRESENCE_TTL);
        }
      }
      default -> {
        if (ChatFrames.handles(type)) {
          chatFrames.handle(msg);
        } else {
          error("unknown_type", "Unknown message type '" + type + "'");
        }
      }
    }
  }

  private Future<Principal> authenticate(String token) {
    if (token == null) {
      error("unauthenticated", "A token is required");
      RealtimeChannel.closeQuietly(ws, UNAUTHENTICATED, "token required");
      return Future.failedFuture("no token");
    }
    return authenticator.verify(token)
        .compose(p -> principal != null && !principal.id().equals(p.id())
            ? Future.failedFuture("a connection belongs to one person") : Future.succeededFuture(p))
        .onSuccess(this::renew)
        .onFailure(err -> {
          error("unauthenticated", "The token is invalid, expired or signed out");
          RealtimeChannel.closeQuietly(ws, UNAUTHENTICATED, "unauthenticated");
        });
  }

  private void renew(Principal p) {
    principal = p;
    vertx.cancelTimer(expiryTimer);
    long left = Math.max(1, p.expiresAtEpochSecond() * 1000 - Instant.now().toEpochMilli());
    expiryTimer = vertx.setTimer(left, id -> {
      error("unauthenticated", "The access token expired; send auth with a fresh one and reconnect");
      RealtimeChannel.closeQuietly(ws, UNAUTHENTICATED, "token expired");
    });
    presence.heartbeat(p.id(), PRESENCE_TTL);
  }

  private void welcome(Principal p, long resumeAfter) {
    if (inbox != null) {
      return;  // a second hello on the same connection changes nothing
    }
    lastSeq = resumeAfter;
    inbox = vertx.eventBus().consumer(Addresses.userInbox(p.id()), m -> push(m.body()));
    send(new JsonObject().put("type", "welcome").put("userId", p.id()));
    ServiceRequest since = ServiceRequest.of(p, new JsonObject(),
        new JsonObject().put("userId", p.id()).put("after", resumeAfter));
    inbox.completion()
        .compose(v -> services.<JsonObject>ask(Addresses.NOTIFICATIONS, "since", since))
        .onComplete(missed -> {
          if (missed.succeeded()) {
            missed.result().getJsonArray("items").forEach(n -> deliver(asPush((JsonObject) n)));
          }
          List<JsonObject> held = heldBack;
          heldBack = null;
          held.forEach(this::deliver);
        });
  }

  /** The same message a live push carries (NotificationVerticle publishes it in this form). */
  private static JsonObject asPush(JsonObject n) {
    return new JsonObject().put("type", "notification").put("seq", n.getLong("seq", 0L)).put("notification", n);
  }

  private void push(JsonObject message) {
    if (Addresses.SESSION_ENDED.equals(message.getString("type"))) {
      if (principal != null && message.getString("sessionId", "").equals(principal.sessionId())) {
        error("unauthenticated", "Signed out");
        RealtimeChannel.closeQuietly(ws, UNAUTHENTICATED, "signed out");
      }
      return;
    }
    if (heldBack != null) {
      heldBack.add(message);
    } else {
      deliver(message);
    }
  }

  /** Sends notifications once each, in order; other pushes (future chat, queue events) go straight through. */
  private void deliver(JsonObject message) {
    if ("notification".equals(message.getString("type"))) {
      long seq = message.getLong("seq", 0L);
      if (seq <= lastSeq) {
        return;
      }
      lastSeq = seq;
    }
    send(message);
  }

  private void error(String code, String detail) {
    send(new JsonObject().put("type", "error").put("code", code).put("detail", detail));
  }

  private void send(JsonObject json) {
    if (!ws.isClosed()) {
      ws.writeTextMessage(json.encode());
    }
  }
}
