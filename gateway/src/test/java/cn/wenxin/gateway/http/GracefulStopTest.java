package cn.wenxin.gateway.http;

import cn.wenxin.gateway.testing.TestStack;
import cn.wenxin.infra.launch.Draining;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

class GracefulStopTest {

  @Test
  @DisplayName("On stop, a tab's WebSocket is closed with 1012 (reconnect) and the API stops taking requests")
  void drainTellsTabsToReconnect() throws Exception {
    try (TestStack stack = TestStack.start()) {
      HttpResponse<Buffer> anon = await(stack.http().post("/api/v1/auth/anonymous").send());
      WebSocket ws = await(stack.vertx().createWebSocketClient().connect(new WebSocketConnectOptions()
          .setHost("127.0.0.1").setPort(stack.port()).setURI("/ws")));
      BlockingQueue<Object> events = new LinkedBlockingQueue<>();
      ws.textMessageHandler(events::add);
      ws.closeHandler(v -> events.add(ws.closeStatusCode()));
      ws.writeTextMessage(new JsonObject().put("type", "hello").put("token", anon.bodyAsJsonObject().getString("accessToken"))
          .put("resumeAfter", 0).encode());
      assertThat(new JsonObject((String) events.poll(10, TimeUnit.SECONDS)).getString("type")).isEqualTo("welcome");

      await(Draining.run(stack.vertx()));

      Object closed = events.poll(10, TimeUnit.SECONDS);
      while (closed instanceof String) {
        closed = events.poll(10, TimeUnit.SECONDS);
      }
      assertThat(closed).isEqualTo((short) 1012);
      Throwable refused = stack.http().get("/api/v1/experts").send().<Throwable>map(r -> null)
          .otherwise(err -> err).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(refused).as("the API no longer listens").isNotNull();
    }
  }
}
