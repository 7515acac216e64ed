package cn.wenxin.gateway.realtime;

import cn.wenxin.gateway.testing.SessionBookings;
import cn.wenxin.gateway.testing.TestStack;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Session chat over two real WebSockets")
class SessionChatTest {

  static TestStack stack;

  @BeforeAll
  static void start() {
    stack = TestStack.start(new JsonObject().put("WENXIN_DEMO", "true")
        .put("WENXIN_DEMO_PASSWORD", TestStack.DEMO_PASSWORD).put("WENXIN_CHAT_PER_MINUTE", "100"));
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  static JsonObject post(String token, String path) {
    HttpResponse<Buffer> r = await(stack.http().post("/api/v1" + path).bearerTokenAuthentication(token).send());
    assertThat(r.statusCode()).as(path + ": " + r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  static JsonObject get(String token, String path) {
    HttpResponse<Buffer> r = await(stack.http().get("/api/v1" + path).bearerTokenAuthentication(token).send());
    assertThat(r.statusCode()).as(path + ": " + r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  /** A session of the two demo people, the student admitted: its id. */
  static String activeSession(String student, String expert, String studentToken, String expertToken) {
    return SessionBookings.active(stack, student, expert, studentToken, expertToken);
  }

  static void waitUntil(ChatPeer a, ChatPeer b, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!(a.settled(expected) && b.settled(expected)) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  @Test
  @DisplayName("two people chatting through dropped connections see every message once, in one order, numbered 1..n")
  void dropsLoseNothing() throws Exception {
    String st = stack.token("student031");
    String ex = stack.token("expert011");
    String id = activeSession("student031", "expert011", st, ex);
    ChatPeer student = new ChatPeer(stack, st, id);
    ChatPeer expert = new ChatPeer(stack, ex, id);
    student.connect();
    expert.connect();
    for (int i = 0; i < 40; i++) {
      student.say("s" + i, "学生第" + i + "条");
      expert.say("e" + i, "老师第" + i + "条");
      if (i % 10 == 4) {
        student.drop();        // unacknowledged messages are resent on reconnect, with the same ids
      }
      if (i % 10 == 7) {
        expert.drop();
        student.connect();
      }
      if (i % 10 == 9) {
        expert.connect();
      }
    }
    waitUntil(student, expert, 80);
    for (ChatPeer p : List.of(student, expert)) {
      assertThat(p.unacked).as("every message acknowledged").isEmpty();
      assertThat(p.other).as("no errors").noneMatch(f -> "error".equals(f.getString("type")));
      assertThat(p.duplicates()).isZero();
      assertThat(p.shown()).as(() -> "last frames: " + p.everything().subList(Math.max(0, p.everything().size() - 8),
              p.everything().size()) + "\nOTHER: " + (p == student ? expert : student).everything().stream()
              .filter(f -> f.getString("clientMsgId", "").matches("e3[5-9]")).toList())
          .extracting(m -> m.getLong("seq"))
          .containsExactlyElementsOf(LongStream.rangeClosed(1, 80).boxed().toList());
    }
    assertThat(student.shown()).extracting(m -> m.getString("text"))
        .containsExactlyElementsOf(expert.shown().stream().map(m -> m.getString("text")).toList());
    List<String> fromStudent = student.shown().stream().filter(m -> "student".equals(m.getString("from")))
        .map(m -> m.getString("text")).toList();
    assertThat(fromStudent).containsExactlyElementsOf(LongStream.range(0, 40).mapToObj(i -> "学生第" + i + "条").toList());
  }

  @Test
  @DisplayName("a message over 2,000 characters, a stranger's send and a flood each get their own error code")
  void limitsAndStrangers() throws Exception {
    String st = stack.token("student032");
    String id = activeSession("student032", "expert012", st, stack.token("expert012"));
    ChatPeer student = new ChatPeer(stack, st, id);
    student.connect();
    student.send(new JsonObject().put("type", "chat.send").put("sessionId", id).put("clientMsgId", "long")
        .put("text", "长".repeat(2001)));
    assertThat(student.other.poll(10, TimeUnit.SECONDS).getString("code")).isEqualTo("too_long");
    ChatPeer stranger = new ChatPeer(stack, stack.token("student033"), id);
    assertThat(org.assertj.core.api.Assertions.catchThrowable(stranger::connect)).isNotNull();
    assertThat(stranger.everything()).anyMatch(f -> "not_found".equals(f.getString("code")));
    long t0 = System.nanoTime();
    for (int i = 0; i < 101; i++) {
      student.say("f" + i, "刷屏" + i);
    }
    while (student.unacked.size() > 1 && System.nanoTime() - t0 < 30e9) {   // a hundred go through, in turn
      Thread.sleep(20);
    }

    JsonObject limited = null;
    for (JsonObject f = student.other.poll(10, TimeUnit.SECONDS); f != null && limited == null;
         f = student.other.poll(2, TimeUnit.SECONDS)) {
      limited = "rate_limited".equals(f.getString("code")) ? f : null;
    }
    assertThat(limited).isNotNull();
    assertThat(limited.getString("clientMsgId")).startsWith("f");
  }

  @Test
  @DisplayName("typing and video signals reach only the other party, and nothing is relayed before the expert admits")
  void relaysOnlyToTheOther() throws Exception {
    String st = stack.token("student034");
    String ex = stack.token("expert013");
    JsonObject booking = SessionBookings.open(stack, "stu-034", "exp-013", Duration.ofMinutes(2), "video", "pseudonym");
    String id = get(st, "/bookings/" + booking.getString("_id") + "/session").getString("id");
    post(st, "/sessions/" + id + "/join");
    ChatPeer student = new ChatPeer(stack, st, id);
    ChatPeer expert = new ChatPeer(stack, ex, id);
    student.connect();
    expert.connect();
    student.send(new JsonObject().put("type", "rtc.offer").put("sessionId", id).put("sdp", "v=0 early"));
    assertThat(student.other.poll(10, TimeUnit.SECONDS).getString("code")).isEqualTo("not_active");
    post(ex, "/sessions/" + id + "/admit");
    student.send(new JsonObject().put("type", "rtc.offer").put("sessionId", id).put("sdp", "v=0 offer"));
    student.send(new JsonObject().put("type", "chat.typing").put("sessionId", id));
    JsonObject offer = nextOf(expert, "rtc.offer");
    assertThat(offer.getString("sdp")).isEqualTo("v=0 offer");
    assertThat(offer.getString("from")).isEqualTo("student");
    assertThat(nextOf(expert, "chat.typing")).isNotNull();
    Thread.sleep(300);
    assertThat(student.everything()).noneMatch(f -> "rtc.offer".equals(f.getString("type")));
  }

  @Test
  @DisplayName("a pseudonymous student's name, username and account id reach the expert in no answer and no frame")
  void pseudonymStaysSealed() throws Exception {
    String st = stack.token("student035");
    String ex = stack.token("expert014");
    String realName = get(st, "/me").getString("displayName");
    List<String> seen = new java.util.ArrayList<>();
    // A real booking through the API (pseudonym is the default), then what the expert can read about it.
    HttpResponse<Buffer> slots = await(stack.http().get("/api/v1/experts/exp-014/slots")
        .addQueryParam("from", java.time.Instant.now().toString())
        .addQueryParam("to", java.time.Instant.now().plus(Duration.ofDays(20)).toString())
        .bearerTokenAuthentication(st).send());
    String start = slots.bodyAsJsonObject().getJsonArray("items").stream().map(o -> (JsonObject) o).filter(x -> x.getBoolean("available"))
        .findFirst().orElseThrow().getString("start");
    HttpResponse<Buffer> booked = await(stack.http().post("/api/v1/bookings").bearerTokenAuthentication(st)
        .sendJsonObject(new JsonObject().put("expertId", "exp-014").put("start", start).put("mode", "video")
            .put("topic", "emotions")));
    assertThat(booked.statusCode()).as(booked.bodyAsString()).isEqualTo(201);
    String bookingId = booked.bodyAsJsonObject().getString("id");
    for (String path : List.of("/me/schedule", "/bookings/" + bookingId, "/notifications",
        "/bookings/" + bookingId + "/calendar.ics", "/bookings/" + bookingId + "/session")) {
      seen.add(await(stack.http().get("/api/v1" + path).bearerTokenAuthentication(ex).send()).bodyAsString());
    }
    // A session in its window: the expert's tab watches every frame while they talk.
    JsonObject open = SessionBookings.open(stack, "stu-035", "exp-014", Duration.ofMinutes(1), "video", "pseudonym");
    String id = get(st, "/bookings/" + open.getString("_id") + "/session").getString("id");
    ChatPeer expert = new ChatPeer(stack, ex, id);
    expert.connect();
    post(st, "/sessions/" + id + "/join");
    seen.add(get(ex, "/bookings/" + open.getString("_id") + "/session").encode());
    seen.add(post(ex, "/sessions/" + id + "/admit").encode());
    seen.add(post(ex, "/sessions/" + id + "/video").encode());
    ChatPeer student = new ChatPeer(stack, st, id);
    student.connect();
    student.say("hi", "老师好，我是" + "学生");
    student.send(new JsonObject().put("type", "rtc.offer").put("sessionId", id).put("sdp", "v=0"));
    nextOf(expert, "rtc.offer");
    seen.add(post(ex, "/sessions/" + id + "/end").encode());
    Thread.sleep(300);
    expert.everything().forEach(f -> seen.add(f.encode()));
    assertThat(expert.shown()).hasSize(1);
    assertThat(seen).isNotEmpty().allSatisfy(text -> assertThat(text)
        .doesNotContain(realName).doesNotContain("stu-035").doesNotContain("student035"));
    assertThat(String.join("\n", seen)).contains(open.getString("studentLabel"));
  }

  static JsonObject nextOf(ChatPeer p, String type) throws InterruptedException {
    for (JsonObject f = p.other.poll(10, TimeUnit.SECONDS); f != null; f = p.other.poll(10, TimeUnit.SECONDS)) {
      if (type.equals(f.getString("type"))) {
        return f;
      }
    }
    throw new AssertionError("no " + type + " within 10 s");
  }
}
