package cn.wenxin.gateway.testing;

import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static cn.wenxin.gateway.testing.TestStack.await;

/** A real WebSocket to {@code /ws} and everything it receives; a close shows up as {"closed": code}. */
public record WsClient(WebSocket ws, BlockingQueue<JsonObject> inbox) {

  public static WsClient connect(TestStack stack) {
    return connect(stack, new WebSocketConnectOptions());
  }

  public static WsClient connect(TestStack stack, WebSocketConnectOptions options) {
    options.setHost("127.0.0.1").setPort(stack.port()).setURI("/ws");
    WebSocket ws = await(stack.vertx().createWebSocketClient().connect(options));
    BlockingQueue<JsonObject> inbox = new LinkedBlockingQueue<>();
    ws.textMessageHandler(t -> inbox.add(new JsonObject(t)));
    ws.closeHandler(v -> inbox.add(new JsonObject().put("closed", (int) ws.closeStatusCode())));
    return new WsClient(ws, inbox);
  }

  /** The next message, or null after the given seconds. */
  public JsonObject next(int seconds) {
    try {
      return inbox.poll(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public JsonObject next() {
    JsonObject m = next(10);
    if (m == null) {
      throw new AssertionError("no message within 10 s");
    }
    return m;
  }

  public void send(JsonObject json) {
    await(ws.writeTextMessage(json.encode()));
  }

  public void sendText(String text) {
    await(ws.writeTextMessage(text));
  }

  /** Reads until the close arrives (skipping other messages) and answers its code. */
  public int closeCode(int seconds) {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    while (System.currentTimeMillis() < deadline) {
      JsonObject m = next(1);
      if (m != null && m.containsKey("closed")) {
        return m.getInteger("closed");
      }
    }
    throw new AssertionError("not closed within " + seconds + " s");
  }
}
