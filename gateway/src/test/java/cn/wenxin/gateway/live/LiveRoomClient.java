package cn.wenxin.gateway.live;

import cn.wenxin.gateway.testing.TestStack;
import cn.wenxin.gateway.testing.WsClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static cn.wenxin.gateway.testing.TestStack.await;

/** One signed-in tab in a livestream room, over the real WebSocket, with the HTTP calls the page makes. */
final class LiveRoomClient {

  final TestStack stack;
  final String token;
  final WsClient ws;
  /** Every frame seen so far, in order (waiting for one frame keeps the others for later checks). */
  final List<JsonObject> seen = new ArrayList<>();

  LiveRoomClient(TestStack stack, String token) {
    this.stack = stack;
    this.token = token;
    this.ws = WsClient.connect(stack);
    ws.send(new JsonObject().put("type", "hello").put("token", token));
    frame(m -> "welcome".equals(m.getString("type")));
  }

  JsonObject join(String streamId) {
    ws.send(new JsonObject().put("type", "live.join").put("streamId", streamId));
    return frame(m -> "live.joined".equals(m.getString("type")));
  }

  /** The first frame (seen before or arriving within 10 s) that matches. */
  JsonObject frame(Predicate<JsonObject> p) {
    for (JsonObject m : seen) {
      if (p.test(m)) {
        return m;
      }
    }
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      JsonObject m = ws.next(1);
      if (m != null) {
        seen.add(m);
        if (p.test(m)) {
          return m;
        }
      }
    }
    throw new AssertionError("no matching frame within 10 s; seen: " + seen);
  }

  /** Reads what arrives for a moment (to check that something did NOT arrive). */
  List<JsonObject> drain(int seconds) {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    while (System.currentTimeMillis() < deadline) {
      JsonObject m = ws.next(1);
      if (m != null) {
        seen.add(m);
      }
    }
    return seen;
  }

  HttpResponse<Buffer> post(String path, JsonObject body) {
    return await(stack.http().post("/api/v1" + path).bearerTokenAuthentication(token).sendJsonObject(body));
  }

  HttpResponse<Buffer> get(String path) {
    return await(stack.http().get("/api/v1" + path).bearerTokenAuthentication(token).send());
  }

  void close() {
    await(ws.ws().close());
  }
}
