package cn.wenxin.gateway.live;

import cn.wenxin.gateway.testing.TestStack;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

/** Who may take part in a livestream, votes fired at the same instant, and the reminder before a live lesson. */
@DisplayName("Livestream rules: audience, simultaneous votes, reminders")
class LiveRoomRulesTest {

  private static TestStack stack;

  @BeforeAll
  static void start() {
    stack = TestStack.start(new JsonObject().put("WENXIN_DEMO", "true")
        .put("WENXIN_DEMO_PASSWORD", TestStack.DEMO_PASSWORD).put("WENXIN_LIVE_REMINDER_POLL_SECONDS", "1"));
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  private static JsonObject create(LiveRoomClient host, JsonObject body) {
    HttpResponse<Buffer> r = host.post("/livestreams", body);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    return r.bodyAsJsonObject();
  }

  @Test
  @DisplayName("a parents-only stream refuses a student (403 stream_audience, in Chinese) over HTTP and in the room")
  void audienceIsEnforced() {
    LiveRoomClient host = new LiveRoomClient(stack, stack.token("expert001"));
    LiveRoomClient student = new LiveRoomClient(stack, stack.token("student003"));
    LiveRoomClient parent = new LiveRoomClient(stack, stack.token("parent003"));
    String id = create(host, new JsonObject().put("title", "家长课堂：青春期沟通").put("audience", "parent"))
        .getString("id");
    assertThat(host.post("/livestreams/" + id + "/start", new JsonObject()).statusCode()).isEqualTo(200);

    HttpResponse<Buffer> seen = await(stack.http().get("/api/v1/livestreams/" + id)
        .bearerTokenAuthentication(student.token).putHeader("Accept-Language", "zh-CN").send());
    assertThat(seen.statusCode()).isEqualTo(403);
    assertThat(seen.bodyAsJsonObject().getString("code")).isEqualTo("stream_audience");
    assertThat(seen.bodyAsJsonObject().getString("detail")).contains("家长").doesNotContainPattern("[A-Za-z]{3,}");
    assertThat(student.get("/livestreams").bodyAsJsonObject().getJsonArray("items").stream()
        .map(o -> ((JsonObject) o).getString("id"))).doesNotContain(id);
    HttpResponse<Buffer> asked = student.post("/livestreams/" + id + "/questions",
        new JsonObject().put("text", "我可以问吗？"));
    assertThat(asked.statusCode()).isEqualTo(403);
    assertThat(asked.bodyAsJsonObject().getString("code")).isEqualTo("stream_audience");
    assertThat(student.post("/livestreams/" + id + "/chat", new JsonObject().put("text", "你好")).statusCode())
        .isEqualTo(403);
    assertThat(student.post("/livestreams/" + id + "/video", new JsonObject()).statusCode()).isEqualTo(403);

    student.ws.send(new JsonObject().put("type", "live.join").put("streamId", id));
    JsonObject refused = student.frame(m -> "error".equals(m.getString("type")));
    assertThat(refused.getString("code")).isEqualTo("stream_audience");
    assertThat(refused.getString("ref")).isEqualTo("live.join");

    // The parent and the host are in; the refused student was never counted.
    assertThat(host.join(id).getBoolean("host")).isTrue();
    assertThat(parent.join(id).getBoolean("host")).isFalse();
    host.frame(m -> "live.count".equals(m.getString("type")) && m.getInteger("watching") == 2);
    assertThat(parent.get("/livestreams").bodyAsJsonObject().getJsonArray("items").stream()
        .map(o -> ((JsonObject) o).getString("id"))).contains(id);
    assertThat(parent.post("/livestreams/" + id + "/questions", new JsonObject().put("text", "孩子不愿意聊天怎么办？"))
        .statusCode()).isEqualTo(201);
    student.drain(2);
    assertThat(student.seen).noneMatch(m -> m.getString("type").startsWith("live.") && id.equals(m.getString("streamId"))
        && !"error".equals(m.getString("type")));
  }

  @Test
  @DisplayName("2 and then 8 upvotes of one person on one question fired at the same instant raise it by exactly one")
  void simultaneousVotesOfOnePersonCountOnce() {
    LiveRoomClient host = new LiveRoomClient(stack, stack.token("expert001"));
    LiveRoomClient asker = new LiveRoomClient(stack, stack.token("student004"));
    String id = create(host, new JsonObject().put("title", "考前减压问答")).getString("id");
    assertThat(host.post("/livestreams/" + id + "/start", new JsonObject()).statusCode()).isEqualTo(200);
    String q = asker.post("/livestreams/" + id + "/questions", new JsonObject().put("text", "考前总是紧张怎么办？"))
        .bodyAsJsonObject().getString("id");
    assertThat(host.post("/livestreams/" + id + "/questions/" + q + "/moderation",
        new JsonObject().put("action", "approve")).statusCode()).isEqualTo(200);

    int expected = 0;
    String[] voters = {"parent004", "student005"};
    int[] bursts = {2, 8};
    for (int round = 0; round < 2; round++) {
      String token = stack.token(voters[round]);
      List<Future<HttpResponse<Buffer>>> votes = new ArrayList<>();
      for (int i = 0; i < bursts[round]; i++) {   // all sent before any answer is read
        votes.add(stack.http().post("/api/v1/livestreams/" + id + "/questions/" + q + "/vote")
            .bearerTokenAuthentication(token).sendJsonObject(new JsonObject()));
      }
      await(Future.join(votes).otherwiseEmpty());
      expected++;
      int want = expected;
      assertThat(votes).allSatisfy(f -> {
        assertThat(f.result().statusCode()).isEqualTo(200);
        assertThat(f.result().bodyAsJsonObject().getInteger("votes")).isEqualTo(want);
        assertThat(f.result().bodyAsJsonObject().getBoolean("voted")).isTrue();
      });
      JsonObject listed = asker.get("/livestreams/" + id + "/questions").bodyAsJsonObject().getJsonArray("items")
          .getJsonObject(0);
      assertThat(listed.getInteger("votes")).as("after a burst of %d", bursts[round]).isEqualTo(want);
    }
  }

  @Test
  @DisplayName("a person enrolled in a course is reminded (a stored notification, pushed live) of a lesson starting soon")
  void reminderBeforeALiveLesson() {
    LiveRoomClient host = new LiveRoomClient(stack, stack.token("expert001"));
    LiveRoomClient enrolled = new LiveRoomClient(stack, stack.token("parent005"));
    LiveRoomClient other = new LiveRoomClient(stack, stack.token("parent006"));
    assertThat(enrolled.post("/courses/course-parent/enrolment", new JsonObject()).statusCode()).isEqualTo(200);
    String startsAt = Instant.now().plus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
    String id = create(host, new JsonObject().put("title", "第一课直播").put("lessonId", "parent-1")
        .put("scheduledAt", startsAt)).getString("id");

    JsonObject pushed = enrolled.frame(m -> "notification".equals(m.getString("type"))
        && "live_reminder".equals(m.getJsonObject("notification").getString("type"))
        && m.encode().contains(id));
    assertThat(pushed.getJsonObject("notification").getString("title")).contains("第一课直播");
    // Stored too: the bell lists it after a reload, and only once however many polls ran.
    other.drain(3);
    List<Object> stored = enrolled.get("/notifications").bodyAsJsonObject().getJsonArray("items").stream()
        .filter(n -> n.toString().contains(id)).toList();
    assertThat(stored).hasSize(1);
    assertThat(other.seen).noneMatch(m -> m.encode().contains(id));
  }
}
