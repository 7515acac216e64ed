package cn.wenxin.gateway.live;

import cn.wenxin.gateway.testing.TestStack;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

/** A scheduled livestream may count toward a lesson: only one that exists and that the stream's audience can attend. */
@DisplayName("Scheduling a livestream for a lesson")
class StreamLessonLinkTest {

  private static TestStack stack;

  @BeforeAll
  static void start() {
    stack = TestStack.withDemo(new JsonObject().put("WENXIN_LIVE_ATTEND_SECONDS", "0"));
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  private static HttpResponse<Buffer> schedule(String audience, String lessonId) {
    JsonObject body = new JsonObject().put("title", "直播课").put("audience", audience).put("lessonId", lessonId);
    return await(stack.http().post("/api/v1/livestreams").bearerTokenAuthentication(stack.token("expert001"))
        .putHeader("Accept-Language", "zh-CN").sendJsonObject(body));
  }

  @Test
  @DisplayName("an unknown lesson or one the audience cannot attend is refused with a Chinese 422; nothing is scheduled")
  void badLessonsAreRefused() {
    LiveRoomClient expert = new LiveRoomClient(stack, stack.token("expert001"));
    int before = expert.get("/livestreams").bodyAsJsonObject().getJsonArray("items").size();
    HttpResponse<Buffer> unknown = schedule("all", "no-such-lesson");
    assertThat(unknown.statusCode()).isEqualTo(422);
    assertThat(unknown.bodyAsJsonObject().getString("code")).isEqualTo("lesson_not_found");
    assertThat(unknown.bodyAsJsonObject().getString("detail")).isEqualTo("没有找到这节课。");
    for (String[] wrong : new String[][] {{"student", "parent-2"}, {"parent", "student-1"}}) {
      HttpResponse<Buffer> r = schedule(wrong[0], wrong[1]);
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(422);
      assertThat(r.bodyAsJsonObject().getString("code")).isEqualTo("lesson_audience");
      assertThat(r.bodyAsJsonObject().getString("detail")).contains("家长课程");
    }
    assertThat(expert.get("/livestreams").bodyAsJsonObject().getJsonArray("items")).hasSize(before);
    expert.close();
  }

  @Test
  @DisplayName("a parent lesson scheduled for parents feeds the attending parent's progress and credit")
  void aLinkedStreamFeedsTheCredit() {
    HttpResponse<Buffer> made = schedule("parent", "parent-2");
    assertThat(made.statusCode()).as(made.bodyAsString()).isEqualTo(201);
    assertThat(made.bodyAsJsonObject().getString("lessonId")).isEqualTo("parent-2");
    assertThat(schedule("all", "student-1").statusCode()).isEqualTo(201);
    String id = made.bodyAsJsonObject().getString("id");

    LiveRoomClient host = new LiveRoomClient(stack, stack.token("expert001"));
    LiveRoomClient parent = new LiveRoomClient(stack, stack.token("parent002"));
    assertThat(host.post("/livestreams/" + id + "/start", new JsonObject()).statusCode()).isEqualTo(200);
    parent.join(id);
    assertThat(host.post("/livestreams/" + id + "/end", new JsonObject()).statusCode()).isEqualTo(200);
    JsonObject credits = parent.get("/me/credits").bodyAsJsonObject();
    assertThat(credits.getJsonArray("items")).hasSize(1);
    assertThat(credits.getJsonArray("items").getJsonObject(0).getString("lessonId")).isEqualTo("parent-2");
    host.close();
    parent.close();
  }
}
