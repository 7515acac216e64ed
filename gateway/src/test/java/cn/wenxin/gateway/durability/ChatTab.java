package cn.wenxin.gateway.durability;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One person's chat tab against a cluster, as the web client behaves: after every {@code welcome} it joins again
 * after the last seq it showed and resends every unacknowledged message with its clientMsgId; when its socket
 * dies it connects to the next node in its list. It records what a person would notice: a seq shown twice, a gap.
 */
final class ChatTab {

  private final String who;
  private final String token;
  private final String sessionId;
  private final List<String> nodes;
  private final HttpClient http = HttpClient.newHttpClient();
  private int node;
  private WebSocket ws;
  private boolean open;
  private long lastSeq;
  private int counter;
  final List<JsonObject> shown = new ArrayList<>();
  final Map<String, String> unacked = new LinkedHashMap<>();
  final List<String> sent = new ArrayList<>();
  final Map<String, Long> acks = new LinkedHashMap<>();
  final List<String> repeats = new ArrayList<>();
  final List<String> gaps = new ArrayList<>();
  final List<JsonObject> errors = new ArrayList<>();
  int reconnects;
  private boolean joinRefused;

  /** {@code nodes}: base URLs (http://127.0.0.1:port), the first one connected to first. */
  ChatTab(String who, String token, String sessionId, List<String> nodes) {
    this.who = who;
    this.token = token;
    this.sessionId = sessionId;
    this.nodes = nodes;
  }

  @Override
  public synchronized String toString() {
    return who + ": last seq " + lastSeq + ", shown " + shown.stream().map(f -> f.getLong("seq")).toList()
        + ", unacked " + unacked.keySet() + ", repeats " + repeats + ", gaps " + gaps + ", errors " + errors
        + ", reconnects " + reconnects + ", acks " + acks;
  }

  synchronized boolean open() {
    return open;
  }

  synchronized long lastSeq() {
    return lastSeq;
  }

  synchronized List<JsonObject> shown() {
    return new ArrayList<>(shown);
  }

  synchronized boolean acked() {
    return unacked.isEmpty();
  }

  /** Connects to the current node; false when it refused (the caller moves on to the next). */
  boolean connect() {
    String base = nodes.get(node % nodes.size()).replace("http://", "ws://");
    try {
      WebSocket socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(3))
          .buildAsync(URI.create(base + "/ws"), new Listener()).get(5, TimeUnit.SECONDS);
      synchronized (this) {
        ws = socket;
        open = true;
      }
      send(new JsonObject().put("type", "hello").put("token", token).put("resumeAfter", 0));
      return true;
    } catch (Exception refused) {
      node++;
      return false;
    }
  }

  /** The tab notices its socket is gone and reconnects, to the next node when this one does not take it. */
  void keepConnected(Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!open() && System.nanoTime() < deadline) {
      synchronized (this) {
        reconnects++;
      }
      if (!connect()) {
        Thread.sleep(200);
      }
    }
  }

  void say() {
    String id;
    String text;
    synchronized (this) {
      counter++;
      id = who + "-" + counter;
      text = who + " says " + counter;
      unacked.put(id, text);
      sent.add(text);
    }
    chatSend(id, text);
  }

  /** What the client does on a chat error that asks to try again (`unavailable`): the same clientMsgId again. */
  void resendUnacked() {
    List<Map.Entry<String, String>> again;
    synchronized (this) {
      again = new ArrayList<>(unacked.entrySet());
    }
    again.forEach(e -> chatSend(e.getKey(), e.getValue()));
  }

  /** What the client does when its join was answered `unavailable` (it reached a node that just died): join again. */
  void rejoinIfRefused() {
    boolean again;
    synchronized (this) {
      again = joinRefused;
      joinRefused = false;
    }
    if (again) {
      send(new JsonObject().put("type", "chat.join").put("sessionId", sessionId).put("after", lastSeq()));
    }
  }

  private void chatSend(String id, String text) {
    send(new JsonObject().put("type", "chat.send").put("sessionId", sessionId).put("clientMsgId", id)
        .put("text", text));
  }

  private void send(JsonObject frame) {
    WebSocket socket;
    synchronized (this) {
      socket = ws;
      if (!open) {
        return;
      }
    }
    try {
      synchronized (socket) {
        socket.sendText(frame.encode(), true).get(5, TimeUnit.SECONDS);
      }
    } catch (Exception gone) {
      dropped(socket);
    }
  }

  /** Only the socket in use: a late close of the previous one must not drop the new one. */
  private synchronized void dropped(WebSocket socket) {
    if (ws == socket) {
      open = false;
    }
  }

  void close() {
    WebSocket socket;
    synchronized (this) {
      socket = ws;
      open = false;
    }
    if (socket != null) {
      socket.abort();
    }
  }

  private void onFrame(JsonObject f) {
    String type = f.getString("type", "");
    switch (type) {
      case "welcome" -> send(new JsonObject().put("type", "chat.join").put("sessionId", sessionId)
          .put("after", lastSeq()));
      case "chat.joined" -> resendUnacked();
      case "chat.ack" -> {
        synchronized (this) {
          unacked.remove(f.getString("clientMsgId"));
          acks.put(f.getString("clientMsgId"), f.getLong("seq"));
        }
      }
      case "chat.msg" -> {
        synchronized (this) {
          long seq = f.getLong("seq");
          if (seq <= lastSeq) {
            repeats.add(who + " got seq " + seq + " again after " + lastSeq);
          } else {
            if (seq != lastSeq + 1) {
              gaps.add(who + " got seq " + seq + " after " + lastSeq);
            }
            lastSeq = seq;
            shown.add(f);
          }
        }
      }
      case "error" -> {
        synchronized (this) {
          errors.add(f);
          joinRefused |= "chat.join".equals(f.getString("ref"));
        }
      }
      default -> {
      }
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        String frame = text.toString();
        text.setLength(0);
        onFrame(new JsonObject(frame));
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      dropped(webSocket);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      dropped(webSocket);
    }
  }
}
