package cn.wenxin.gateway.live;

import cn.wenxin.gateway.testing.TestStack;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A parent who attended a live lesson sees the credit without reloading: it is written before the host's "end" is
 * answered, and pushed to every tab of the parent (the room, and a credit page open elsewhere), once.
 */
class LessonCreditPushTest {

  private static final String STREAM = "ls-demo-now";
  private static TestStack stack;

  @BeforeAll
  static void start() {
    stack = TestStack.withDemo(new JsonObject().put("WENXIN_LIVE_ATTEND_SECONDS", "0"));
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  @DisplayName("the end of a live lesson credits the parent before it is answered, and pushes the credit once to each tab")
  void creditPushedAtTheEnd() {
    LiveRoomClient host = new LiveRoomClient(stack, stack.token("expert001"));
    LiveRoomClient parent = new LiveRoomClient(stack, stack.token("parent001"));
    LiveRoomClient creditPage = new LiveRoomClient(stack, stack.token("parent001"));
    assertThat(host.post("/livestreams/" + STREAM + "/start", new JsonObject()).statusCode()).isEqualTo(200);
    host.join(STREAM);
    parent.join(STREAM);
    host.frame(m -> "live.count".equals(m.getString("type")) && m.getInteger("watching") == 2);

    assertThat(host.post("/livestreams/" + STREAM + "/end", new JsonObject()).statusCode()).isEqualTo(200);
    // No waiting: the watch time and the credit were written before the end was answered.
    JsonObject credits = parent.get("/me/credits").bodyAsJsonObject();
    assertThat(credits.getInteger("total")).isEqualTo(2);
    for (LiveRoomClient tab : new LiveRoomClient[] {parent, creditPage}) {
      JsonObject push = tab.frame(m -> "lesson.completed".equals(m.getString("type")));
      assertThat(push.getString("lessonId")).isEqualTo("parent-1");
      assertThat(push.getString("courseId")).isEqualTo("course-parent");
      assertThat(push.getInteger("credited")).isEqualTo(2);
    }
    parent.frame(m -> "live.state".equals(m.getString("type")) && "ENDED".equals(m.getString("state")));

    // Watching the replay afterwards records nothing new: no second credit, no second push.
    assertThat(parent.post("/lessons/parent-1/replay-progress", new JsonObject().put("seconds", 3600)
        .put("ended", true)).bodyAsJsonObject().getInteger("credited")).isEqualTo(0);
    assertThat(creditPage.drain(1).stream().filter(m -> "lesson.completed".equals(m.getString("type"))))
        .hasSize(1);
    assertThat(parent.get("/me/credits").bodyAsJsonObject().getInteger("total")).isEqualTo(2);
    host.close();
    parent.close();
    creditPage.close();
  }
}
