package cn.wenxin.bench;

import cn.wenxin.bench.load.Op;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Livestream fan-out: N viewer sockets in one room. One op is one update (on the service: the host's chat line,
 * POSTed, screened, stored and published to the room, which the gateway's LiveRooms writes to every viewer); it
 * completes when the last of the N viewers has shown it, so its latency is "to the last viewer". The ceiling is the
 * same client against a bare Vert.x server that writes one pre-encoded frame to every socket it holds.
 */
final class Fanout {

  /** Every update's text carries {@code fan#<op>#}; frames without it (counts, snapshots) are skipped unparsed. */
  static final String MARK = "fan#";
  private static final int OPENING_AT_ONCE = 64;

  private final Vertx vertx;
  private final WebSocketClient client;
  private final List<WebSocket> viewers = new ArrayList<>();
  private final Map<String, Waiting> pending = new ConcurrentHashMap<>();
  private final AtomicLong next = new AtomicLong();
  private final Function<String, Future<Http.Answer>> trigger;
  private final int expectStatus;
  private int failed;
  private String firstFailure;
  private double joinSeconds;

  private record Waiting(Promise<Boolean> delivered, AtomicInteger left) {
  }

  private Fanout(Vertx vertx, int viewers, Function<String, Future<Http.Answer>> trigger, int expectStatus) {
    this.vertx = vertx;
    this.client = vertx.createWebSocketClient(Browsers.webSocketOptions().setMaxConnections(viewers + 64)
        .setConnectTimeout(60_000));
    this.trigger = trigger;
    this.expectStatus = expectStatus;
  }

  /**
   * N signed-in viewers of the service's live room (hello, then live.join until live.joined), the tokens taken in
   * turn; the host's chat line is the update.
   */
  static Fanout service(Vertx vertx, Node service, Http http, String streamId, String hostToken, List<String> tokens,
                        int n) throws Exception {
    Fanout f = new Fanout(vertx, n, marker -> http.send(io.vertx.core.http.HttpMethod.POST,
        "/api/v1/livestreams/" + streamId + "/chat", hostToken,
        new JsonObject().put("text", "直播更新 " + marker).toBuffer(), null), 201);
    f.open(n, i -> f.joinRoom(service.port, tokens.get(i % tokens.size()), streamId));
    return f;
  }

  /** N plain sockets on the bare server's viewer endpoint; its {@code /fanout} writes one frame to all of them. */
  static Fanout bare(Vertx vertx, Node bare, Http http, int n) throws Exception {
    Fanout f = new Fanout(vertx, n, marker -> http.send(io.vertx.core.http.HttpMethod.POST,
        "/fanout?m=" + java.net.URLEncoder.encode(marker, java.nio.charset.StandardCharsets.UTF_8), null, null, null),
        204);
    f.open(n, i -> f.client.connect(options(bare.port, "/viewer")).compose(ws -> {
      ws.textMessageHandler(f::onFrame);
      return Future.succeededFuture(ws);
    }));
    return f;
  }

  private void open(int n, IntFunction<Future<WebSocket>> connect) throws Exception {
    long t0 = System.nanoTime();
    for (int from = 0; from < n; from += OPENING_AT_ONCE) {
      List<Future<WebSocket>> batch = new ArrayList<>();
      for (int i = from; i < Math.min(n, from + OPENING_AT_ONCE); i++) {
        batch.add(connect.apply(i));
      }
      Bench.await(Future.join(batch).otherwiseEmpty());
      for (Future<WebSocket> f : batch) {
        if (f.succeeded()) {
          viewers.add(f.result());
        } else {
          failed++;
          firstFailure = firstFailure != null ? firstFailure : String.valueOf(f.cause());
        }
      }
    }
    joinSeconds = (System.nanoTime() - t0) / 1e9;
  }

  private Future<WebSocket> joinRoom(int port, String token, String streamId) {
    return client.connect(options(port, "/ws")).compose(ws -> {
      Promise<WebSocket> joined = Promise.promise();
      ws.textMessageHandler(text -> {
        if (text.contains(MARK)) {
          onFrame(text);
        } else if (text.contains("\"live.joined\"")) {
          joined.tryComplete(ws);
        } else if (text.contains("\"welcome\"")) {
          ws.writeTextMessage(new JsonObject().put("type", "live.join").put("streamId", streamId).encode());
        } else if (text.contains("\"error\"") && !joined.future().isComplete()) {
          joined.tryFail(text);
        }
      });
      ws.closeHandler(v -> joined.tryFail("closed before joining"));
      ws.writeTextMessage(new JsonObject().put("type", "hello").put("token", token).put("resumeAfter", 0).encode());
      return joined.future().timeout(120, TimeUnit.SECONDS);
    });
  }

  private static WebSocketConnectOptions options(int port, String uri) {
    return new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri);
  }

  /** One viewer showed one update: the last of them completes the op. */
  private void onFrame(String text) {
    int at = text.indexOf(MARK);
    if (at < 0) {
      return;
    }
    int end = text.indexOf('#', at + MARK.length());
    Waiting w = end < 0 ? null : pending.get(text.substring(at + MARK.length(), end));
    if (w != null && w.left.decrementAndGet() == 0) {
      pending.remove(text.substring(at + MARK.length(), end));
      w.delivered.tryComplete(true);
    }
  }

  Op op() {
    return () -> {
      String id = Long.toString(next.getAndIncrement());
      Promise<Boolean> delivered = ((ContextInternal) vertx.getOrCreateContext()).promise();
      pending.put(id, new Waiting(delivered, new AtomicInteger(viewers.size())));
      trigger.apply(MARK + id + "#").onComplete(ar -> {
        if (ar.failed()) {
          pending.remove(id);
          delivered.tryFail(ar.cause());
        } else if (ar.result().status() != expectStatus) {
          pending.remove(id);
          delivered.tryFail("update answered " + ar.result().status() + ": " + ar.result().body());
        }
      });
      return delivered.future().timeout(30, TimeUnit.SECONDS).onFailure(err -> pending.remove(id));
    };
  }

  /** What setting up the viewers took and whether any of them could not join. */
  JsonObject setup() {
    JsonObject j = new JsonObject().put("viewers", viewers.size()).put("failed", failed)
        .put("joinSeconds", Compare.round(joinSeconds));
    if (firstFailure != null) {
      j.put("firstFailure", firstFailure.length() > 300 ? firstFailure.substring(0, 300) : firstFailure);
    }
    return j;
  }

  int viewers() {
    return viewers.size();
  }

  void close() throws Exception {
    Bench.await(Future.join(viewers.stream().map(WebSocket::close).toList()).otherwiseEmpty());
    Bench.await(client.close());
  }
}
