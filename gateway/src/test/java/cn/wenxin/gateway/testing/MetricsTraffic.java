package cn.wenxin.gateway.testing;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static cn.wenxin.gateway.testing.TestStack.await;

/** The traffic that makes every domain metric move, on a demo stack: a booking, a talk-now request, a chat message. */
public final class MetricsTraffic {

  private MetricsTraffic() {
  }

  /** Books the first free slot of {@code expertId} for {@code student}; answers the booking. */
  public static JsonObject book(TestStack stack, String student, String expertId) {
    String token = stack.token(student);
    HttpResponse<Buffer> slots = await(stack.http().get("/api/v1/experts/" + expertId + "/slots")
        .addQueryParam("from", Instant.now().toString())
        .addQueryParam("to", Instant.now().plus(20, ChronoUnit.DAYS).toString())
        .bearerTokenAuthentication(token).send());
    String start = slots.bodyAsJsonObject().getJsonArray("items").stream().map(o -> (JsonObject) o)
        .filter(s -> s.getBoolean("available")).findFirst().orElseThrow().getString("start");
    return created(await(stack.http().post("/api/v1/bookings").bearerTokenAuthentication(token)
        .sendJsonObject(new JsonObject().put("expertId", expertId).put("start", start).put("mode", "chat")
            .put("topic", "academic_stress"))));
  }

  /** Puts {@code student} in the talk-now queue; answers the talk's status (its id is the chat's session id). */
  public static JsonObject talkNow(TestStack stack, String student) {
    return created(await(stack.http().post("/api/v1/hotline/talks").bearerTokenAuthentication(stack.token(student))
        .sendJsonObject(new JsonObject().put("opening", "考试没考好，心里很烦"))));
  }

  /** The student writes one message in the talk while waiting (over the WebSocket, as the web client does). */
  public static void chat(TestStack stack, String student, String sessionId) {
    WsClient ws = WsClient.connect(stack);
    try {
      ws.send(new JsonObject().put("type", "hello").put("token", stack.token(student)));
      awaitFrame(ws, "welcome");
      ws.send(new JsonObject().put("type", "chat.join").put("sessionId", sessionId).put("after", 0));
      awaitFrame(ws, "chat.joined");
      ws.send(new JsonObject().put("type", "chat.send").put("sessionId", sessionId).put("clientMsgId", "m-1")
          .put("text", "还在吗"));
      awaitFrame(ws, "chat.ack");
    } finally {
      ws.ws().close();
    }
  }

  private static void awaitFrame(WsClient ws, String type) {
    for (int i = 0; i < 50; i++) {
      JsonObject f = ws.next();
      if (type.equals(f.getString("type"))) {
        return;
      }
    }
    throw new AssertionError("no " + type + " frame");
  }

  private static JsonObject created(HttpResponse<Buffer> r) {
    if (r.statusCode() != 201) {
      throw new AssertionError("expected 201, got " + r.statusCode() + ": " + r.bodyAsString());
    }
    return r.bodyAsJsonObject();
  }
}
