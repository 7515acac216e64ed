package cn.wenxin.gateway.realtime;

import cn.wenxin.gateway.testing.SessionBookings;
import cn.wenxin.gateway.testing.DemoStackTest;
import cn.wenxin.infra.bus.ServiceClient;
import cn.wenxin.infra.bus.ServiceRequest;
import io.vertx.core.json.JsonArray;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.mongo.Mongo;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Consent, sealed transcripts, notes and the crisis signal over real HTTP and the real channel")
class SessionPrivacyChatTest extends DemoStackTest {

  private static HttpResponse<Buffer> call(String method, String token, String path, JsonObject body) {
    var req = stack.http().request(io.vertx.core.http.HttpMethod.valueOf(method), "/api/v1" + path)
        .bearerTokenAuthentication(token);
    return await(body == null ? req.send() : req.sendJsonObject(body));
  }

  /** The student's session with the expert, admitted; the booking id rides along. */
  private static JsonObject activeSession(String studentNo, String expertNo, String st, String ex, boolean keep) {
    JsonObject booking = SessionBookings.open(stack, "stu-" + studentNo, "exp-" + expertNo, Duration.ofMinutes(3),
        "chat", "pseudonym");
    String bookingId = booking.getString("_id");
    if (keep) {
      JsonObject notice = call("GET", st, "/consent-notices/transcript", null).bodyAsJsonObject();
      assertThat(call("PUT", st, "/bookings/" + bookingId + "/transcript-consent", new JsonObject().put("keep", true)
          .put("policyVersion", notice.getString("policyVersion")).put("textHash", notice.getString("textHash")))
          .statusCode()).isEqualTo(200);
    }
    String id = call("GET", st, "/bookings/" + bookingId + "/session", null).bodyAsJsonObject().getString("id");
    assertThat(call("POST", st, "/sessions/" + id + "/join", null).statusCode()).isEqualTo(200);
    assertThat(call("POST", ex, "/sessions/" + id + "/admit", null).statusCode()).isEqualTo(200);
    return new JsonObject().put("id", id).put("bookingId", bookingId);
  }

  private static void waitFor(java.util.function.BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  @Test
  @DisplayName("A risky student message reaches the expert flagged, the student's copy is clean, and an alert is published")
  void riskFlag() throws Exception {
    String st = stack.token("student083");
    String ex = stack.token("expert044");
    String id = activeSession("083", "044", st, ex, false).getString("id");
    List<JsonObject> alerts = new CopyOnWriteArrayList<>();
    stack.vertx().eventBus().<JsonObject>consumer(Addresses.RISK_ALERTS, m -> alerts.add(m.body()));
    ChatPeer student = new ChatPeer(stack, st, id);
    ChatPeer expert = new ChatPeer(stack, ex, id);
    student.connect();
    expert.connect();
    student.say("a", "今天还好");
    student.say("b", "我真的不想活了");
    waitFor(() -> student.settled(2) && expert.settled(2) && !alerts.isEmpty());
    JsonObject flagged = expert.shown().get(1);
    assertThat(expert.shown().get(0).containsKey("risk")).isFalse();
    assertThat(flagged.getJsonObject("risk").getBoolean("flagged")).isTrue();
    assertThat(flagged.getJsonObject("risk").getInteger("level")).isEqualTo(2);
    assertThat(student.shown().get(1).containsKey("risk")).isFalse();
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).getString("sessionId")).isEqualTo(id);
    assertThat(alerts.get(0).encode()).doesNotContain("不想活了").doesNotContain("stu-083");
  }

  @Test
  @DisplayName("With consent the chat becomes a sealed transcript the two can read and a third expert cannot")
  void keptTranscript() throws Exception {
    String st = stack.token("student095");
    String ex = stack.token("expert045");
    JsonObject s = activeSession("095", "045", st, ex, true);
    String id = s.getString("id");
    ChatPeer student = new ChatPeer(stack, st, id);
    student.connect();
    student.say("k1", "我想把这件事记下来");
    waitFor(() -> student.settled(1));
    assertThat(call("POST", ex, "/sessions/" + id + "/end", null).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> mine = null;
    for (int i = 0; i < 100 && (mine == null || mine.statusCode() != 200); i++) {
      Thread.sleep(100);
      mine = call("GET", st, "/transcripts/" + id, null);
    }
    assertThat(mine.statusCode()).isEqualTo(200);
    assertThat(mine.bodyAsJsonObject().getJsonArray("messages").getJsonObject(0).getString("text"))
        .isEqualTo("我想把这件事记下来");
    assertThat(call("GET", ex, "/transcripts/" + id, null).statusCode()).isEqualTo(200);
    assertThat(call("GET", stack.token("expert046"), "/transcripts/" + id, null).statusCode()).isEqualTo(404);
    JsonObject raw = await(Mongo.client(stack.vertx(), WenxinConfig.from(stack.config()))
        .findOne("transcripts", new JsonObject().put("_id", id), null));
    assertThat(raw.encode()).doesNotContain("记下来").doesNotContain("测试海豚");
  }

  private static HttpResponse<Buffer> get(String token, String path) {
    return await(stack.http().get("/api/v1" + path).bearerTokenAuthentication(token).send());
  }

  private static HttpResponse<Buffer> put(String token, String path, JsonObject body) {
    return await(stack.http().put("/api/v1" + path).bearerTokenAuthentication(token).sendJsonObject(body));
  }

  private static String freeSlot(String token, String expertId) {
    HttpResponse<Buffer> r = await(stack.http().get("/api/v1/experts/" + expertId + "/slots")
        .addQueryParam("from", java.time.Instant.now().toString())
        .addQueryParam("to", java.time.Instant.now().plus(20, java.time.temporal.ChronoUnit.DAYS).toString())
        .bearerTokenAuthentication(token).send());
    return r.bodyAsJsonObject().getJsonArray("items").stream().map(o -> (JsonObject) o).filter(s -> s.getBoolean("available"))
        .findFirst().orElseThrow().getString("start");
  }

  /** A booking of a grade-12 student with exp-030, its transcript kept by consent, the session ended. */
  private static JsonObject keptSession(String student) {
    String slot = freeSlot(student, "exp-030");
    HttpResponse<Buffer> booked = await(stack.http().post("/api/v1/bookings").bearerTokenAuthentication(student)
        .sendJsonObject(new JsonObject().put("expertId", "exp-030").put("start", slot).put("mode", "chat")
            .put("topic", "academic_stress")));
    assertThat(booked.statusCode()).as(booked.bodyAsString()).isEqualTo(201);
    JsonObject booking = booked.bodyAsJsonObject();
    String bookingId = booking.getString("id");
    JsonObject notice = get(student, "/consent-notices/transcript?locale=zh-CN").bodyAsJsonObject();
    HttpResponse<Buffer> consent = put(student, "/bookings/" + bookingId + "/transcript-consent", new JsonObject()
        .put("keep", true).put("policyVersion", notice.getString("policyVersion"))
        .put("textHash", notice.getString("textHash")).put("locale", "zh-CN"));
    assertThat(consent.statusCode()).as(consent.bodyAsString()).isEqualTo(200);
    String sessionId = "ses-" + UUID.randomUUID();
    JsonObject kept = await(new ServiceClient(stack.vertx()).ask(Addresses.TRANSCRIPTS, "sessionEnded",
        ServiceRequest.of(null, new JsonObject(), new JsonObject().put("sessionId", sessionId)
            .put("bookingId", bookingId).put("studentId", booking.getString("studentId")).put("expertId", "exp-030")
            .put("studentLabel", "小鹿-1024").put("expertLabel", booking.getString("expertName"))
            .put("messages", new JsonArray().add(new JsonObject().put("seq", 1).put("from", "student")
                .put("text", "考试前我总是睡不着").put("at", "2026-11-30T09:00:00Z"))))));
    assertThat(kept.getBoolean("kept")).isTrue();
    return booking.put("sessionId", sessionId);
  }

  @Test
  @DisplayName("The student and the session's expert read the transcript; a third expert gets 404, a parent 403")
  void twoReaders() {
    String student = stack.token("student035");
    String sessionId = keptSession(student).getString("sessionId");
    HttpResponse<Buffer> mine = get(student, "/transcripts/" + sessionId);
    HttpResponse<Buffer> experts = get(stack.token("expert030"), "/transcripts/" + sessionId);
    assertThat(mine.statusCode()).isEqualTo(200);
    assertThat(mine.bodyAsString()).contains("考试前我总是睡不着");
    assertThat(experts.statusCode()).isEqualTo(200);
    assertThat(experts.bodyAsJsonObject().containsKey("studentId")).isFalse();
    assertThat(get(stack.token("expert031"), "/transcripts/" + sessionId).statusCode()).isEqualTo(404);
    assertThat(get(stack.token("parent001"), "/transcripts/" + sessionId).statusCode()).isEqualTo(403);
    assertThat(get(student, "/transcripts").bodyAsJsonObject().getJsonArray("items").stream()
        .anyMatch(t -> sessionId.equals(((JsonObject) t).getString("id")))).isTrue();
  }

  @Test
  @DisplayName("Withdrawing consent from My transcripts destroys the transcript: 204, then 410 for everyone")
  void withdraw() {
    String student = stack.token("student047");
    String sessionId = keptSession(student).getString("sessionId");
    assertThat(await(stack.http().delete("/api/v1/transcripts/" + sessionId).bearerTokenAuthentication(student)
        .send()).statusCode()).isEqualTo(204);
    assertThat(get(student, "/transcripts/" + sessionId).statusCode()).isEqualTo(410);
    assertThat(get(stack.token("expert030"), "/transcripts/" + sessionId).statusCode()).isEqualTo(410);
  }

  @Test
  @DisplayName("The expert's note is theirs alone: the student gets 403, another expert 404")
  void notes() {
    String student = stack.token("student059");
    String bookingId = keptSession(student).getString("id");
    String expert = stack.token("expert030");
    HttpResponse<Buffer> saved = put(expert, "/bookings/" + bookingId + "/note",
        new JsonObject().put("text", "第一次会谈：睡眠问题"));
    assertThat(saved.statusCode()).as(saved.bodyAsString()).isEqualTo(200);
    assertThat(get(expert, "/bookings/" + bookingId + "/note").bodyAsJsonObject().getString("text"))
        .isEqualTo("第一次会谈：睡眠问题");
    assertThat(get(student, "/bookings/" + bookingId + "/note").statusCode()).isEqualTo(403);
    assertThat(get(stack.token("expert031"), "/bookings/" + bookingId + "/note").statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("Hostile consent input is a 400 or 422 problem, never a 500")
  void hostileInput() {
    String student = stack.token("student071");
    String bookingId = keptSession(student).getString("id");
    assertThat(put(student, "/bookings/" + bookingId + "/transcript-consent",
        new JsonObject().put("keep", true).put("textHash", "not-a-hash")).statusCode()).isEqualTo(400);
    assertThat(put(student, "/bookings/" + bookingId + "/transcript-consent",
        new JsonObject().put("keep", true)).statusCode()).isEqualTo(422);
    assertThat(put(student, "/bookings/" + bookingId + "/transcript-consent",
        new JsonObject().put("keep", "yes")).statusCode()).isEqualTo(400);
    assertThat(get(student, "/consent-notices/everything").statusCode()).isEqualTo(400);
    assertThat(put(stack.token("expert030"), "/bookings/" + bookingId + "/note",
        new JsonObject().put("text", "x".repeat(20_001))).statusCode()).isEqualTo(400);
  }
}
