package cn.wenxin.gateway.live;

import cn.wenxin.gateway.testing.TestStack;
import io.vertx.core.Future;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fan-out: 1,000 WebSocket viewers in one room, one update from the host, and every viewer receives it exactly
 * once (the gateway holds one subscription per room and encodes the update once for all of them).
 */
class LiveFanoutTest {

  private static final int VIEWERS = 1000;
  private static final int BATCH = 100;
  private static final String STREAM = "ls-demo-now";

  @Test
  void oneUpdateReachesEachOfAThousandViewersOnce() throws Exception {
    try (TestStack stack = TestStack.start(new JsonObject().put("WENXIN_DEMO", "true")
        .put("WENXIN_DEMO_PASSWORD", TestStack.DEMO_PASSWORD)
        .put("WENXIN_WS_PER_USER", "2000").put("WENXIN_WS_PER_ADDRESS", "2000"))) {
      LiveRoomClient host = new LiveRoomClient(stack, stack.token("expert001"));
      assertThat(host.post("/livestreams/" + STREAM + "/start", new JsonObject()).statusCode()).isEqualTo(200);
      host.join(STREAM);
      List<String> tokens = new ArrayList<>();
      for (int i = 1; i <= 10; i++) {
        tokens.add(stack.token(String.format(i % 2 == 0 ? "student%03d" : "parent%03d", i)));
      }

      WebSocketClient client = stack.vertx().createWebSocketClient(new WebSocketClientOptions()
          .setMaxConnections(VIEWERS + 10));
      CountDownLatch joined = new CountDownLatch(VIEWERS);
      AtomicIntegerArray received = new AtomicIntegerArray(VIEWERS);
      String marker = "fanout-" + System.nanoTime();
      List<Future<WebSocket>> sockets = new ArrayList<>();
      java.util.Queue<String> problems = new java.util.concurrent.ConcurrentLinkedQueue<>();
      for (int i = 0; i < VIEWERS; i++) {
        if (i % BATCH == 0 && i > 0) {
          // Viewers arrive in waves, as a class does: each wave in before the next (the embedded database of a
          // test answers each join's snapshot one at a time).
          long waveDeadline = System.currentTimeMillis() + 60_000;
          while (joined.getCount() > VIEWERS - i && System.currentTimeMillis() < waveDeadline && problems.isEmpty()) {
            Thread.onSpinWait();
          }
        }
        int viewer = i;
        String token = tokens.get(i % tokens.size());
        sockets.add(client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(stack.port())
            .setURI("/ws")).onSuccess(ws -> {
              ws.textMessageHandler(text -> {
                JsonObject m = new JsonObject(text);
                switch (m.getString("type", "")) {
                  case "welcome" -> ws.writeTextMessage(new JsonObject().put("type", "live.join")
                      .put("streamId", STREAM).encode());
                  case "live.joined" -> joined.countDown();
                  case "error" -> problems.add(m.getString("code"));
                  case "live.chat" -> {
                    if (marker.equals(m.getJsonObject("message").getString("text"))) {
                      received.incrementAndGet(viewer);
                    }
                  }
                  default -> { }
                }
              });
              ws.writeTextMessage(new JsonObject().put("type", "hello").put("token", token).encode());
              ws.closeHandler(v -> problems.add("closed " + ws.closeStatusCode()));
            }).onFailure(err -> problems.add(err.toString())));
      }
      assertThat(joined.await(120, TimeUnit.SECONDS)).as("all viewers joined; problems: %s", problems).isTrue();

      assertThat(host.post("/livestreams/" + STREAM + "/chat", new JsonObject().put("text", marker)).statusCode())
          .isEqualTo(201);
      long deadline = System.currentTimeMillis() + 30_000;
      while (countAtLeastOnce(received) < VIEWERS && System.currentTimeMillis() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(countAtLeastOnce(received)).as("viewers that received the update").isEqualTo(VIEWERS);
      // A duplicate would arrive right behind the first copy: read on for a moment, then every count must be 1.
      host.drain(1);
      for (int i = 0; i < VIEWERS; i++) {
        assertThat(received.get(i)).as("copies at viewer " + i).isEqualTo(1);
      }
      host.frame(m -> "live.count".equals(m.getString("type")) && m.getInteger("watching") == 11);
      sockets.forEach(f -> f.result().close());
      host.close();
    }
  }

  private static int countAtLeastOnce(AtomicIntegerArray a) {
    int n = 0;
    for (int i = 0; i < a.length(); i++) {
      n += a.get(i) > 0 ? 1 : 0;
    }
    return n;
  }
}
