package cn.wenxin.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Memory per idle WebSocket: the node's heap after full collections with n sockets open, minus before, over n.
 * On the service each socket is a signed-in tab (hello with a student's token, welcome received); on the bare
 * server a plain socket that has echoed one frame.
 */
final class IdleSockets {

  private static final int OPENING_AT_ONCE = 64;

  private final Vertx vertx;

  IdleSockets(Vertx vertx) {
    this.vertx = vertx;
  }

  /** {@code hello.apply(i)} is the i-th socket's first frame; the node's first answer to it must contain {@code expect}. */
  JsonObject measure(Node node, int n, IntFunction<String> hello, String expect) throws Exception {
    WebSocketClient client = vertx.createWebSocketClient(Browsers.webSocketOptions()
        .setMaxConnections(n + OPENING_AT_ONCE).setConnectTimeout(30_000));
    List<WebSocket> open = new ArrayList<>();
    JsonObject before = node.stats(true);
    histo(node, "before");
    long t0 = System.nanoTime();
    int failed = 0;
    String firstFailure = null;
    try {
      for (int from = 0; from < n; from += OPENING_AT_ONCE) {
        List<Future<WebSocket>> batch = new ArrayList<>();
        for (int i = from; i < Math.min(n, from + OPENING_AT_ONCE); i++) {
          batch.add(connect(client, node.port, hello.apply(i), expect));
        }
        Bench.await(Future.join(batch).otherwiseEmpty());
        for (Future<WebSocket> f : batch) {
          if (f.succeeded()) {
            open.add(f.result());
          } else {
            failed++;
            firstFailure = firstFailure != null ? firstFailure : f.cause().toString();
          }
        }
      }
      double openSeconds = (System.nanoTime() - t0) / 1e9;
      TimeUnit.SECONDS.sleep(1);
      JsonObject after = node.stats(true);
      histo(node, "after");
      int held = open.size();
      JsonObject r = new JsonObject().put("sockets", held).put("failed", failed)
          .put("openSeconds", Compare.round(openSeconds))
          .put("heapKbPerSocket", kbPer(after.getLong("heapUsed") - before.getLong("heapUsed"), held))
          .put("rssKbPerSocket", kbPer(after.getLong("rss") - before.getLong("rss"), held))
          .put("heapUsedMb", Compare.mb(after.getLong("heapUsed"))).put("rssMb", Compare.mb(after.getLong("rss")))
          .put("cpuSeconds", Compare.round((after.getLong("cpuNanos") - before.getLong("cpuNanos")) / 1e9));
      if (firstFailure != null) {
        r.put("firstFailure", firstFailure);
      }
      // What stays once they are closed again: near zero unless closed sockets leak, or the node grew meanwhile for
      // reasons of its own (then the figure above counts that growth too).
      Bench.await(Future.join(open.stream().map(WebSocket::close).toList()).otherwiseEmpty());
      open.clear();
      TimeUnit.SECONDS.sleep(1);
      JsonObject closed = node.stats(true);
      return r.put("heapKbLeftPerSocket", kbPer(closed.getLong("heapUsed") - before.getLong("heapUsed"), held));
    } finally {
      Bench.await(Future.join(open.stream().map(WebSocket::close).toList()).otherwiseEmpty());
      Bench.await(client.close());
    }
  }

  private Future<WebSocket> connect(WebSocketClient client, int port, String first, String expect) {
    return client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws"))
        .compose(ws -> {
          Promise<WebSocket> answered = Promise.promise();
          ws.textMessageHandler(text -> {
            if (text.contains(expect)) {
              answered.tryComplete(ws);
            } else if (text.contains("\"error\"")) {
              answered.tryFail(text);
            }
          });
          ws.closeHandler(v -> answered.tryFail("closed before answering"));
          ws.writeTextMessage(first);
          return answered.future().timeout(60, TimeUnit.SECONDS);
        });
  }

  private static void histo(Node node, String when) throws Exception {
    String dir = System.getenv("WENXIN_BENCH_HISTO");
    if (dir != null) {
      new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
          String.valueOf(node.pid()), "GC.class_histogram")
          .redirectOutput(java.nio.file.Path.of(dir, node.name + "-" + when + ".txt").toFile()).start().waitFor();
    }
  }

  private static double kbPer(long bytes, int n) {
    return n == 0 ? 0 : Math.round(bytes / 1024.0 / n * 100) / 100.0;
  }
}
