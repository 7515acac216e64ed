package cn.wenxin.gateway.privacy;

import cn.wenxin.gateway.testing.DemoStackTest;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceClient;
import cn.wenxin.infra.bus.ServiceRequest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Transcripts, notes and consent over HTTP: only the two people of a session read what was kept")
class PrivacyHttpTest extends DemoStackTest {

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
    return r.bodyAsJsonArray().stream().map(o -> (JsonObject) o).filter(s -> s.getBoolean("available"))
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
