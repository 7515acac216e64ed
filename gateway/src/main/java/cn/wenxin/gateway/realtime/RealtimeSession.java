package cn.wenxin.gateway.realtime;

import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceRequest;
import cn.wenxin.infra.security.Principal;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * One tab's connection. States: waiting for a successful hello (10 s, whatever else arrives), then live until the
 * access token expires without an "auth" renewal, nothing is heard for 75 s, the client leaves, or the server
 * closes. Pushes for the user arrive on their inbox address; those that arrive while missed ones are replayed are
 * held back and sent after, in sequence order.
 */
final class RealtimeSession implements LiveOutlet {

  private static final Logger log = LoggerFactory.getLogger(RealtimeSession.class);
  static final short UNAUTHENTICATED = 4401;
  static final short TOO_MANY = 4429;
  private static final short GOING_AWAY = 1001;
  private static final short TOO_BIG = 1009;
  /** The protocol's message limit (docs/realtime.md); the server accepts bigger frames only to answer 1009. */
  static final int MAX_MESSAGE_BYTES = 64 * 1024;
  /** The server is stopping: reconnect (to this node when it is back, or another). docs/realtime.md. */
  static final short SERVICE_RESTART = 1012;
  private static final long HELLO_TIMEOUT_MS = 10_000;
  private static final int WARN_AFTER_BAD_FRAMES = 10;

  private final RealtimeChannel channel;
  private final ServerWebSocket ws;
  private final String address;

  private Principal principal;
  private MessageConsumer<JsonObject> inbox;
  private List<JsonObject> heldBack = new ArrayList<>();
  private long resumedAfter;
  /** Recently sent notification seqs: pushes may arrive out of seq order, so "not above the last" is no test. Made
   *  on the first notification: most connections sit idle. */
  private LinkedHashSet<Long> sentSeqs;
  /** The hello deadline until welcomed, then the access token's expiry; read by {@link SessionClocks}. */
  private long closesAt;
  private long lastHeard = System.currentTimeMillis();
  private int badFrames;
  /** This connection's counseling-session frames (chat.*, rtc.*), made on its first such frame. */
  private ChatFrames chatFrames;
  /** This connection's livestream rooms (live.*), made on its first such frame. */
  private LiveFrames liveFrames;
  /** Links of this instance's {@link SessionClocks}. */
  RealtimeSession nextWatched;
  RealtimeSession previousWatched;

  RealtimeSession(RealtimeChannel channel, ServerWebSocket ws, String address) {
    this.channel = channel;
    this.ws = ws;
    this.address = address;
  }

  ChatFrames chatFrames() {
    if (chatFrames == null) {
      chatFrames = new ChatFrames(channel.vertx, channel.services, () -> principal, this::send);
    }
    return chatFrames;
  }

  LiveFrames liveFrames() {
    if (liveFrames == null) {
      liveFrames = new LiveFrames(this, channel.liveRooms, channel.services);
    }
    return liveFrames;
  }

  /** A room's frame, written by the one write rule of {@link WebSocketOutlet}. */
  @Override
  public boolean offer(String encoded) {
    return WebSocketOutlet.offer(ws, encoded);
  }

  @Override
  public void whenDrained(Runnable action) {
    WebSocketOutlet.whenDrained(ws, action);
  }

  void start() {
    closesAt = lastHeard + HELLO_TIMEOUT_MS;
    channel.clocks.add(this);
    ws.textMessageHandler(this::onText);
    ws.binaryMessageHandler(b -> {
      lastHeard = System.currentTimeMillis();
      refuse("Send JSON text messages");
    });
    ws.exceptionHandler(err -> log.debug("WebSocket from {} failed: {}", address, err.getMessage()));
    ws.shutdownHandler(v -> RealtimeChannel.closeQuietly(ws, SERVICE_RESTART, "server restarting; reconnect"));
    ws.closeHandler(v -> {
      channel.clocks.remove(this);
      channel.counts.releaseAddress(address);
      if (inbox != null) {
        inbox.unregister();
        channel.counts.releaseUser(principal.id());
        channel.online.left(principal.id());
      }
      if (chatFrames != null) {
        chatFrames.close();
      }
      if (liveFrames != null) {
        liveFrames.close();
      }
    });
  }

  /** Called by {@link SessionClocks} about once a second: the hello deadline, the token's expiry, the idle limit. */
  void checkClocks(long now) {
    if (ws.isClosed()) {
      return;
    }
    if (now >= closesAt) {
      if (welcomed()) {
        error("unauthenticated", "The access token expired; send auth with a fresh one and reconnect");
        close(UNAUTHENTICATED, "token expired");
      } else {
        error("unauthenticated", "hello expected within 10 s");
        close(UNAUTHENTICATED, "hello expected");
      }
    } else if (now - lastHeard > channel.idleMs) {
      close(GOING_AWAY, "nothing heard");
    }
  }

  private void onText(String text) {
    lastHeard = System.currentTimeMillis();
    if (text.length() > MAX_MESSAGE_BYTES / 4 && text.getBytes(StandardCharsets.UTF_8).length > MAX_MESSAGE_BYTES) {
      close(TOO_BIG, "message over 64 KiB");
      return;
    }
    try {
      JsonObject frame = Frames.parse(text);
      FrameHandler handler = channel.frames.get(Frames.type(frame));
      if (handler == null) {
        error("unknown_type", "Unknown message type");
      } else if (handler.needsHello() && !welcomed()) {
        error("unauthenticated", "Send hello first");
        close(UNAUTHENTICATED, "hello expected");
      } else {
        handler.handle(this, frame);
      }
    } catch (Frames.BadFrame bad) {
      refuse(bad.getMessage());
    } catch (RuntimeException e) {
      log.warn("A {} frame from {} could not be handled: {}", typeOf(text), address, e.toString());
      refuse("This message could not be handled");
    }
  }

  /** A bad frame: answered, logged quietly (one warning per connection), never a reason to drop the connection. */
  private void refuse(String detail) {
    badFrames++;
    log.debug("Bad frame from {}: {}", address, detail);
    if (badFrames == WARN_AFTER_BAD_FRAMES) {
      log.warn("{} bad frames on one connection from {}", badFrames, address);
    }
    error("bad_message", detail);
  }

  private static String typeOf(String text) {
    try {
      return Frames.type(Frames.parse(text));
    } catch (RuntimeException e) {
      return "unreadable";
    }
  }

  boolean welcomed() {
    return inbox != null;
  }

  Future<Principal> authenticate(String token) {
    return channel.authenticator.verify(token)
        .compose(p -> principal != null && !principal.id().equals(p.id())
            ? Future.failedFuture("a connection belongs to one person") : Future.succeededFuture(p))
        .onSuccess(this::renew)
        .onFailure(err -> {
          error("unauthenticated", "The token is invalid, expired or signed out");
          close(UNAUTHENTICATED, "unauthenticated");
        });
  }

  private void renew(Principal p) {
    principal = p;
    if (welcomed()) {
      closesAt = p.expiresAtEpochSecond() * 1000;
    }
  }

  void welcome(Principal p, long resumeAfter) {
    if (welcomed() || ws.isClosed()) {
      return;
    }
    if (!channel.counts.tryUser(p.id())) {
      error("too_many_connections", "Too many open connections for this account; close another tab");
      close(TOO_MANY, "too many connections");
      return;
    }
    channel.online.joined(p.id());
    closesAt = p.expiresAtEpochSecond() * 1000;
    resumedAfter = resumeAfter;
    inbox = channel.vertx.eventBus().consumer(Addresses.userInbox(p.id()), m -> push(m.body()));
    send(new JsonObject().put("type", "welcome").put("userId", p.id()));
    ServiceRequest since = ServiceRequest.of(p, new JsonObject(),
        new JsonObject().put("userId", p.id()).put("after", resumeAfter));
    inbox.completion()
        .compose(v -> channel.services.<JsonObject>ask(Addresses.NOTIFICATIONS, "since", since))
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
        close(UNAUTHENTICATED, "signed out");
      }
      return;
    }
    if (heldBack != null) {
      heldBack.add(message);
    } else {
      deliver(message);
    }
  }

  /**
   * Sends each notification once (a replayed one may also arrive live), whatever its order: two created close
   * together may be published in either order, and neither may be lost. Other pushes go straight through.
   */
  private void deliver(JsonObject message) {
    if ("notification".equals(message.getString("type"))) {
      long seq = message.getLong("seq", 0L);
      if (sentSeqs == null) {
        sentSeqs = new LinkedHashSet<>();
      }
      if (seq <= resumedAfter || !sentSeqs.add(seq)) {
        return;
      }
      if (sentSeqs.size() > 500) {
        sentSeqs.remove(sentSeqs.iterator().next());
      }
    }
    send(message);
  }

  Principal principal() {
    return principal;
  }

  void error(String code, String detail) {
    send(new JsonObject().put("type", "error").put("code", code).put("detail", detail));
  }

  void send(JsonObject json) {
    if (!ws.isClosed()) {
      ws.writeTextMessage(json.encode());
    }
  }

  void close(short code, String reason) {
    RealtimeChannel.closeQuietly(ws, code, reason);
  }
}
