package cn.wenxin.gateway.live;

import cn.wenxin.gateway.testing.TestStack;
import cn.wenxin.infra.bus.Addresses;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo livestream end to end over real HTTP and WebSockets: the demo expert goes live, a student and a parent
 * watch, ask and upvote (once each), the host moderates and answers, a risky question reaches the hotline's alert
 * address and never the room, a question with personal information stays out of public view, and the parent who
 * attended gets the lesson's credit once.
 */
class LivestreamQaTest {

  private static final String STREAM = "ls-demo-now";
  private static TestStack stack;
  private static final CopyOnWriteArrayList<JsonObject> alerts = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    stack = TestStack.withDemo(new JsonObject().put("WENXIN_LIVE_ATTEND_SECONDS", "0"));
    stack.vertx().eventBus().<JsonObject>consumer(Addresses.RISK_ALERTS, m -> alerts.add(m.body()));
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  void aDemoLivestreamFromGoLiveToCredits() {
    LiveRoomClient host = new LiveRoomClient(stack, stack.token("expert001"));
    LiveRoomClient student = new LiveRoomClient(stack, stack.token("student001"));
    LiveRoomClient parent = new LiveRoomClient(stack, stack.token("parent001"));

    assertThat(host.post("/livestreams/" + STREAM + "/start", new JsonObject()).statusCode()).isEqualTo(200);
    assertThat(student.post("/livestreams/" + STREAM + "/start", new JsonObject()).statusCode()).isEqualTo(403);
    assertThat(host.post("/livestreams/" + STREAM + "/start", new JsonObject()).bodyAsJsonObject()
        .getString("code")).isEqualTo("stream_state");

    assertThat(host.join(STREAM).getBoolean("host")).isTrue();
    JsonObject snapshot = student.join(STREAM);
    assertThat(snapshot.getBoolean("host")).isFalse();
    assertThat(snapshot.getJsonObject("stream").getString("state")).isEqualTo("LIVE");
    parent.join(STREAM);
    host.frame(m -> "live.count".equals(m.getString("type")) && m.getInteger("watching") == 3);

    // A question waits for the host; the room sees it only once approved.
    HttpResponse<Buffer> asked = student.post("/livestreams/" + STREAM + "/questions",
        new JsonObject().put("text", "考试前总是睡不着怎么办？"));
    assertThat(asked.statusCode()).isEqualTo(201);
    String q1 = asked.bodyAsJsonObject().getString("id");
    assertThat(asked.bodyAsJsonObject().getString("state")).isEqualTo("pending");
    host.frame(m -> isQuestion(m, q1, "pending"));
    assertThat(parent.get("/livestreams/" + STREAM + "/questions").bodyAsJsonObject().getJsonArray("items"))
        .isEmpty();
    assertThat(parent.post("/livestreams/" + STREAM + "/questions/" + q1 + "/vote", new JsonObject()).statusCode())
        .isEqualTo(404);
    assertThat(host.post("/livestreams/" + STREAM + "/questions/" + q1 + "/moderation",
        new JsonObject().put("action", "approve")).statusCode()).isEqualTo(200);
    parent.frame(m -> isQuestion(m, q1, "approved"));

    // Votes: once each, however often clicked.
    for (int i = 0; i < 3; i++) {
      JsonObject v = parent.post("/livestreams/" + STREAM + "/questions/" + q1 + "/vote", new JsonObject())
          .bodyAsJsonObject();
      assertThat(v.getInteger("votes")).isEqualTo(1);
    }
    assertThat(student.post("/livestreams/" + STREAM + "/questions/" + q1 + "/vote", new JsonObject())
        .bodyAsJsonObject().getInteger("votes")).isEqualTo(2);
    student.frame(m -> "live.votes".equals(m.getString("type")) && m.getInteger("votes") == 2);
    JsonArray listed = parent.get("/livestreams/" + STREAM + "/questions").bodyAsJsonObject().getJsonArray("items");
    assertThat(listed).hasSize(1);
    assertThat(listed.getJsonObject(0).getInteger("votes")).isEqualTo(2);
    assertThat(listed.getJsonObject(0).getBoolean("voted")).isTrue();
    assertThat(listed.getJsonObject(0).encode()).doesNotContain("stu-", "par-", "askerId");

    // The host answers in writing; a second answer is a state conflict.
    assertThat(host.post("/livestreams/" + STREAM + "/questions/" + q1 + "/moderation",
        new JsonObject().put("action", "answer").put("answer", "睡前半小时放下手机，试试腹式呼吸。")).statusCode())
        .isEqualTo(200);
    student.frame(m -> isQuestion(m, q1, "answered")
        && m.getJsonObject("question").getString("answer").startsWith("睡前"));
    assertThat(host.post("/livestreams/" + STREAM + "/questions/" + q1 + "/moderation",
        new JsonObject().put("action", "approve")).bodyAsJsonObject().getString("code")).isEqualTo("question_state");

    // A risky question: never in the room, not even for the host; a hotline alert; help for the asker alone.
    String risky = "我真的不想活了，今晚想自杀";
    HttpResponse<Buffer> diverted = student.post("/livestreams/" + STREAM + "/questions",
        new JsonObject().put("text", risky));
    assertThat(diverted.statusCode()).isEqualTo(201);
    assertThat(diverted.bodyAsJsonObject().getString("state")).isEqualTo("diverted");
    assertThat(diverted.bodyAsJsonObject().getJsonObject("help").getJsonArray("hotlines")).contains("96525");
    String riskyId = diverted.bodyAsJsonObject().getString("id");
    long deadline = System.currentTimeMillis() + 10_000;
    while (alerts.stream().noneMatch(a -> a.getString("sessionId").contains(riskyId))
        && System.currentTimeMillis() < deadline) {
      Thread.onSpinWait();
    }
    JsonObject alert = alerts.stream().filter(a -> a.getString("sessionId").contains(riskyId)).findFirst()
        .orElseThrow(() -> new AssertionError("no risk alert published: " + alerts));
    assertThat(alert.getString("source")).isEqualTo("livestream");
    assertThat(alert.encode()).doesNotContain(risky, "stu-");
    student.frame(m -> "notification".equals(m.getString("type"))
        && "live_help".equals(m.getJsonObject("notification").getString("type")));

    // Personal information: held back; the host sees it flagged and cannot approve it.
    HttpResponse<Buffer> held = parent.post("/livestreams/" + STREAM + "/questions",
        new JsonObject().put("text", "我是王小明的妈妈，孩子在实验小学，电话13812345678，能私下联系吗？"));
    assertThat(held.bodyAsJsonObject().getString("state")).isEqualTo("held");
    assertThat(held.bodyAsJsonObject().getJsonArray("personalInfo")).contains("phone", "name_school");
    String q3 = held.bodyAsJsonObject().getString("id");
    host.frame(m -> isQuestion(m, q3, "held"));
    assertThat(host.post("/livestreams/" + STREAM + "/questions/" + q3 + "/moderation",
        new JsonObject().put("action", "approve")).bodyAsJsonObject().getString("code")).isEqualTo("personal_info");
    assertThat(host.post("/livestreams/" + STREAM + "/questions/" + q3 + "/moderation",
        new JsonObject().put("action", "dismiss")).statusCode()).isEqualTo(200);

    // Room chat and reactions reach everyone; the host can switch chat off.
    assertThat(parent.post("/livestreams/" + STREAM + "/chat", new JsonObject().put("text", "谢谢老师！"))
        .statusCode()).isEqualTo(201);
    student.frame(m -> "live.chat".equals(m.getString("type"))
        && "谢谢老师！".equals(m.getJsonObject("message").getString("text")));
    assertThat(student.post("/livestreams/" + STREAM + "/reactions", new JsonObject().put("kind", "heart"))
        .statusCode()).isEqualTo(204);
    parent.frame(m -> "live.reactions".equals(m.getString("type"))
        && m.getJsonObject("reactions").getLong("heart", 0L) >= 1);
    host.post("/livestreams/" + STREAM + "/settings", new JsonObject().put("chatOpen", false));
    assertThat(student.post("/livestreams/" + STREAM + "/chat", new JsonObject().put("text", "还能说话吗"))
        .bodyAsJsonObject().getString("code")).isEqualTo("chat_closed");

    // Nobody but the asker and the host ever received the risky or the held-back text.
    student.drain(1);
    parent.drain(1);
    assertThat(parent.seen.toString()).doesNotContain(risky, "13812345678");
    assertThat(student.seen.toString()).doesNotContain("13812345678");
    assertThat(parent.get("/livestreams/" + STREAM + "/questions").bodyAsString()).doesNotContain(risky, "1381234");
    assertThat(host.get("/livestreams/" + STREAM + "/questions").bodyAsString()).doesNotContain(risky);

    // The end: the parent, who attended, earns the lesson's credits once; a replay of it later adds nothing.
    assertThat(host.post("/livestreams/" + STREAM + "/end", new JsonObject()).statusCode()).isEqualTo(200);
    parent.frame(m -> "live.state".equals(m.getString("type")) && "ENDED".equals(m.getString("state")));
    JsonObject credits = pollCredits(parent, 2);
    assertThat(credits.getJsonArray("items")).hasSize(1);
    assertThat(credits.getJsonArray("items").getJsonObject(0).getString("lessonId")).isEqualTo("parent-1");
    assertThat(credits.getJsonObject("byGradeStage").getInteger("primary_lower")).isEqualTo(2);
    JsonObject again = parent.post("/lessons/parent-1/replay-progress",
        new JsonObject().put("seconds", 3600).put("ended", true)).bodyAsJsonObject();
    assertThat(again.getInteger("credited")).isEqualTo(0);
    assertThat(parent.get("/me/credits").bodyAsJsonObject().getInteger("total")).isEqualTo(2);
    JsonObject course = parent.get("/courses/course-parent").bodyAsJsonObject();
    assertThat(course.getBoolean("requiredForMe")).isTrue();
    assertThat(course.getJsonArray("lessons").getJsonObject(0).getBoolean("completed")).isTrue();
    assertThat(student.get("/me/credits").statusCode()).isEqualTo(403);

    // Admins see completion per school as counts, a single family withheld.
    LiveRoomClient admin = new LiveRoomClient(stack, stack.token("admin01"));
    JsonArray completion = admin.get("/admin/lessons/completion").bodyAsJsonObject().getJsonArray("items");
    assertThat(completion).isNotEmpty();
    assertThat(completion.getJsonObject(0).getInteger("fewerThan")).isEqualTo(5);
    assertThat(completion.getJsonObject(0).getValue("people")).isNull();
    assertThat(completion.encode()).doesNotContain("par-", "stu-");

    host.close();
    student.close();
    parent.close();
    admin.close();
  }

  private static boolean isQuestion(JsonObject m, String id, String state) {
    return "live.question".equals(m.getString("type")) && id.equals(m.getJsonObject("question").getString("id"))
        && state.equals(m.getJsonObject("question").getString("state"));
  }

  private static JsonObject pollCredits(LiveRoomClient parent, int total) {
    long deadline = System.currentTimeMillis() + 10_000;
    JsonObject last = null;
    while (System.currentTimeMillis() < deadline) {
      last = parent.get("/me/credits").bodyAsJsonObject();
      if (last.getInteger("total", 0) >= total) {
        return last;
      }
    }
    throw new AssertionError("credits not granted: " + last);
  }
}
