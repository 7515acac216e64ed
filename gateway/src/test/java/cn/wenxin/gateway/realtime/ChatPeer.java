package cn.wenxin.gateway.realtime;

import cn.wenxin.gateway.testing.TestStack;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static cn.wenxin.gateway.testing.TestStack.await;

/**
 * One person's chat tab in a test, behaving as the web client does: it remembers the last seq it showed, joins
 * again after it on every reconnect, and resends every message not yet acknowledged with the same clientMsgId.
 * Every frame it ever received is kept, so tests can look for duplicates, gaps and leaks.
 */
final class ChatPeer {

  final List<JsonObject> everything = new ArrayList<>();
  final List<JsonObject> shown = new ArrayList<>();
  final Map<String, String> unacked = new LinkedHashMap<>();
  final BlockingQueue<JsonObject> other = new LinkedBlockingQueue<>();
  private final TestStack stack;
  private final String token;
  private final String sessionId;
  private WebSocket ws;
  private long lastSeq;
  private int duplicates;

  ChatPeer(TestStack stack, String token, String sessionId) {
    this.stack = stack;
    this.token = token;
    this.sessionId = sessionId;
  }

  synchronized int duplicates() {
    return duplicates;
  }

  synchronized List<JsonObject> shown() {
    return new ArrayList<>(shown);
  }

  synchronized List<JsonObject> everything() {
    return new ArrayList<>(everything);
  }

  void connect() throws InterruptedException {
    ws = await(stack.vertx().createWebSocketClient().connect(new WebSocketConnectOptions().setHost("127.0.0.1")
        .setPort(stack.port()).setURI("/ws")));
    BlockingQueue<JsonObject> joined = new LinkedBlockingQueue<>();
    ws.textMessageHandler(t -> {
      JsonObject f = new JsonObject(t);
      if ("chat.joined".equals(f.getString("type")) || "welcome".equals(f.getString("type"))) {
        joined.add(f);
      }
      onFrame(f);
    });
    send(new JsonObject().put("type", "hello").put("token", token).put("resumeAfter", 0));
    if (joined.poll(10, TimeUnit.SECONDS) == null) {
      throw new AssertionError("welcome within 10 s");
    }
    long after;
    synchronized (this) {
      after = lastSeq;
    }
    send(new JsonObject().put("type", "chat.join").put("sessionId", sessionId).put("after", after));
    if (joined.poll(10, TimeUnit.SECONDS) == null) {
      throw new AssertionError("chat.joined within 10 s");
    }
    List<Map.Entry<String, String>> resend;
    synchronized (this) {
      resend = new ArrayList<>(unacked.entrySet());
    }
    resend.forEach(e -> send(frame(e.getKey(), e.getValue())));
  }

  /** Drops the connection without a goodbye, as a phone going into a tunnel would. */
  void drop() {
    ws.close((short) 1001);
  }

  void say(String clientMsgId, String text) {
    synchronized (this) {
      unacked.put(clientMsgId, text);
    }
    if (!ws.isClosed()) {
      ws.writeTextMessage(frame(clientMsgId, text).encode());
    }
  }

  void send(JsonObject json) {
    await(ws.writeTextMessage(json.encode()));
  }

  private JsonObject frame(String clientMsgId, String text) {
    return new JsonObject().put("type", "chat.send").put("sessionId", sessionId).put("clientMsgId", clientMsgId)
        .put("text", text);
  }

  private synchronized void onFrame(JsonObject f) {
    everything.add(f);
    switch (f.getString("type")) {
      case "chat.msg" -> {
        long seq = f.getLong("seq");
        if (seq <= lastSeq) {
          duplicates++;
        } else {
          lastSeq = seq;
          shown.add(f);
        }
      }
      case "chat.ack" -> unacked.remove(f.getString("clientMsgId"));
      case "welcome", "chat.joined", "notification", "session.state" -> { }
      default -> other.add(f);
    }
  }

  synchronized boolean settled(int expected) {
    return unacked.isEmpty() && shown.size() >= expected;
  }
}
