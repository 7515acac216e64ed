package cn.wenxin.bench;

import cn.wenxin.bench.load.Op;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * 1:1 chat relay: N student/expert pairs, each in an active counseling session with both tabs joined over /ws. One
 * op is a student's {@code chat.send}; it completes when the expert's socket shows that message, so the latency is
 * end to end (student, gateway, session service, chat log, event bus, gateway, expert). The ceiling is the same
 * client against a bare Vert.x echo server: the op completes when the sender gets its frame back.
 */
final class ChatPairs {

  private static final String TEXT = "最近考试压力有点大，晚上睡不好 #";

  private final Vertx vertx;
  private final WebSocketClient client;
  private final List<WebSocket> senders = new ArrayList<>();
  private final List<WebSocket> receivers = new ArrayList<>();
  private final List<String> sessions = new ArrayList<>();
  private final Map<String, Promise<Boolean>> pending = new ConcurrentHashMap<>();
  private final AtomicLong next = new AtomicLong();

  ChatPairs(Vertx vertx, int sockets) {
    this.vertx = vertx;
    this.client = vertx.createWebSocketClient(Browsers.webSocketOptions().setMaxConnections(sockets + 16));
  }

  /** Opens sessions for the students given (fixtures), joins and admits them over HTTP, and joins both tabs. */
  static ChatPairs service(Vertx vertx, Node service, Http http, List<Population.Student> students) throws Exception {
    return service(vertx, service, service.port, http, students);
  }

  /** The same, with the experts' tabs on the node at {@code expertPort} (another node of the cluster). */
  static ChatPairs service(Vertx vertx, Node service, int expertPort, Http http, List<Population.Student> students)
      throws Exception {
    JsonArray ids = new JsonArray(students.stream().map(Population.Student::id).toList());
    JsonArray made = service.call("chatPairs", new JsonObject().put("studentIds", ids)).getJsonArray("pairs");
    ChatPairs chat = new ChatPairs(vertx, 2 * students.size());
    for (int i = 0; i < students.size(); i++) {
      JsonObject pair = made.getJsonObject(i);
      String student = students.get(i).token();
      String expert = pair.getString("expertToken");
      String session = ok(http.get("/api/v1/bookings/" + pair.getString("bookingId") + "/session", student))
          .getString("id");
      ok(http.send(HttpMethod.POST, "/api/v1/sessions/" + session + "/join", student, null, null));
      ok(http.send(HttpMethod.POST, "/api/v1/sessions/" + session + "/admit", expert, null, null));
      chat.sessions.add(session);
      chat.senders.add(Bench.await(chat.join(service.port, student, session, false)));
      chat.receivers.add(Bench.await(chat.join(expertPort, expert, session, true)));
    }
    return chat;
  }

  /** The ceiling: as many pairs of sockets on the bare echo server. */
  static ChatPairs echo(Vertx vertx, Node bare, int pairs) throws Exception {
    ChatPairs chat = new ChatPairs(vertx, 2 * pairs);
    for (int i = 0; i < pairs; i++) {
      chat.sessions.add("echo-" + i);
      WebSocket ws = Bench.await(chat.client.connect(options(bare.port)));
      ws.textMessageHandler(chat::onFrame);
      chat.senders.add(ws);
      chat.receivers.add(Bench.await(chat.client.connect(options(bare.port))));
    }
    return chat;
  }

  private Future<WebSocket> join(int port, String token, String session, boolean receives) {
    return client.connect(options(port)).compose(ws -> {
      Promise<WebSocket> joined = Promise.promise();
      ws.textMessageHandler(text -> {
        if (text.contains("\"chat.joined\"")) {
          joined.tryComplete(ws);
        } else if (text.contains("\"welcome\"")) {
          ws.writeTextMessage(new JsonObject().put("type", "chat.join").put("sessionId", session).put("after", 0)
              .encode());
        } else if (text.contains("\"error\"") && !joined.future().isComplete()) {
          joined.tryFail(text);
        }
        if (receives) {
          onFrame(text);
        } else if (joined.future().isComplete() && text.contains("\"error\"")) {
          onRefusal(text);
        }
      });
      ws.writeTextMessage(new JsonObject().put("type", "hello").put("token", token).put("resumeAfter", 0).encode());
      return joined.future().timeout(30, TimeUnit.SECONDS);
    });
  }

  private static WebSocketConnectOptions options(int port) {
    return new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws");
  }

  /** A message frame carrying one of our markers completes that op; anything else is ignored. */
  private void onFrame(String text) {
    int at = text.indexOf(TEXT);
    if (at < 0 || !(text.contains("\"chat.msg\"") || text.contains("\"chat.send\""))) {
      return;
    }
    JsonObject f = new JsonObject(text);
    String t = f.getString("text");
    Promise<Boolean> p = pending.remove(t.substring(t.indexOf('#') + 1));
    if (p != null) {
      p.tryComplete(true);
    }
  }

  /** The service refused a send (rate limit, unavailable...): that op fails now, with the reason, not at timeout. */
  private void onRefusal(String text) {
    JsonObject f = new JsonObject(text);
    String clientMsgId = f.getString("clientMsgId");
    Promise<Boolean> p = clientMsgId == null || !clientMsgId.startsWith("b") ? null
        : pending.remove(clientMsgId.substring(1));
    if (p != null) {
      p.tryFail("chat.send refused: " + f.getString("code") + " " + f.getString("detail"));
    }
  }

  Op op() {
    return () -> {
      long n = next.getAndIncrement();
      int pair = (int) (n % senders.size());
      String id = Long.toString(n);
      // Completed from the receiving socket's thread; a context promise hands the result back to the caller's lane.
      Promise<Boolean> delivered = ((ContextInternal) vertx.getOrCreateContext()).promise();
      pending.put(id, delivered);
      senders.get(pair).writeTextMessage(new JsonObject().put("type", "chat.send").put("sessionId", sessions.get(pair))
          .put("clientMsgId", "b" + id).put("text", TEXT + id).encode());
      return delivered.future().timeout(30, TimeUnit.SECONDS);
    };
  }

  int pairs() {
    return senders.size();
  }

  void close() throws Exception {
    List<Future<Void>> all = new ArrayList<>();
    senders.forEach(ws -> all.add(ws.close()));
    receivers.forEach(ws -> all.add(ws.close()));
    Bench.await(Future.join(all).otherwiseEmpty());
    Bench.await(client.close());
  }

  private static JsonObject ok(Future<Http.Answer> f) throws Exception {
    Http.Answer a = Bench.await(f);
    if (a.status() / 100 != 2) {
      throw new IllegalStateException("chat setup answered " + a.status() + ": " + a.body());
    }
    return a.body().length() == 0 ? new JsonObject() : a.body().toJsonObject();
  }
}
