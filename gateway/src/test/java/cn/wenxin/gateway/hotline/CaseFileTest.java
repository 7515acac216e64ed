package cn.wenxin.gateway.hotline;

import cn.wenxin.gateway.testing.TestStack;
import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.mongo.Mongo;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Case notes are sealed with the case's own key; a legal hold stops the retention seal, which destroys them")
class CaseFileTest {

  @Test
  void notesSealedHeldThenDestroyed() throws Exception {
    try (TestStack stack = TestStack.start(new JsonObject().put("WENXIN_DEMO", "true")
        .put("WENXIN_DEMO_PASSWORD", TestStack.DEMO_PASSWORD).put("WENXIN_HOTLINE_POLL_MILLIS", "300")
        .put("WENXIN_HOTLINE_CASE_RETENTION_DAYS", "0"))) {
      String student = stack.token("student003");
      String worker = stack.token("hotline01");
      String admin = stack.token("admin01");
      String talk = call(stack, "POST", student, "/hotline/talks", new JsonObject().put("opening", "最近很难过"))
          .getString("id");
      assertThat(call(stack, "POST", worker, "/hotline/help-next", null).getJsonObject("talk").getString("id"))
          .isEqualTo(talk);
      String kase = call(stack, "POST", worker, "/hotline/cases", new JsonObject().put("talkId", talk)).getString("id");
      call(stack, "POST", worker, "/hotline/cases/" + kase + "/notes", new JsonObject().put("text", "学生说和父母吵架后想离家"));
      assertThat(call(stack, "GET", worker, "/hotline/cases/" + kase + "/notes", null).getJsonArray("items")
          .getJsonObject(0).getString("text")).isEqualTo("学生说和父母吵架后想离家");

      MongoClient mongo = Mongo.client(stack.vertx(), WenxinConfig.from(stack.config()));
      JsonObject stored = await(mongo.findOne("hotline_cases", new JsonObject().put("_id", kase), null));
      assertThat(stored.encode()).doesNotContain("吵架").doesNotContain("离家");
      assertThat(stored.getString("keyId")).isNotBlank();

      // A follow-up (回访) that is due reminds the case's assignee once, through the stored notifications.
      call(stack, "POST", worker, "/hotline/cases/" + kase + "/follow-ups", new JsonObject()
          .put("dueAt", java.time.Instant.now().minusSeconds(1).toString()));
      long remindBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      long reminders = 0;
      while (System.nanoTime() < remindBy && reminders == 0) {
        reminders = call(stack, "GET", worker, "/notifications", null).getJsonArray("items").stream()
            .filter(n -> "hotline_follow_up_due".equals(((JsonObject) n).getString("type"))).count();
        TimeUnit.MILLISECONDS.sleep(100);
      }
      assertThat(reminders).isEqualTo(1);
      TimeUnit.MILLISECONDS.sleep(1000);   // several more polls: still one
      assertThat(call(stack, "GET", worker, "/notifications", null).getJsonArray("items").stream()
          .filter(n -> "hotline_follow_up_due".equals(((JsonObject) n).getString("type"))).count()).isEqualTo(1);

      // Held, then closed: the retention (0 days here) has passed, but nothing is destroyed while the hold stands.
      call(stack, "POST", admin, "/hotline/cases/" + kase + "/legal-hold", new JsonObject().put("hold", true));
      call(stack, "POST", worker, "/hotline/cases/" + kase + "/status", new JsonObject().put("status", "closed"));
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
      while (System.nanoTime() < until) {
        assertThat(await(mongo.findOne("hotline_cases", new JsonObject().put("_id", kase), null))
            .containsKey("sealedAt")).isFalse();
        TimeUnit.MILLISECONDS.sleep(200);
      }
      call(stack, "POST", admin, "/hotline/cases/" + kase + "/legal-hold", new JsonObject().put("hold", false));
      JsonObject sealed = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < deadline) {
        sealed = await(mongo.findOne("hotline_cases", new JsonObject().put("_id", kase), null));
        if (sealed.containsKey("sealedAt")) {
          break;
        }
        TimeUnit.MILLISECONDS.sleep(100);
      }
      assertThat(sealed.getString("sealedAt")).isNotBlank();
      assertThat(sealed.containsKey("notes")).isFalse();
      assertThat(sealed.containsKey("studentId")).isFalse();
      assertThat(await(mongo.count("audit_log", new JsonObject().put("action", "hotline.case.sealed")
          .put("targetId", kase)))).isEqualTo(1L);
      HttpResponse<Buffer> late = raw(stack, "POST", worker, "/hotline/cases/" + kase + "/notes",
          new JsonObject().put("text", "x"));
      assertThat(late.statusCode()).isEqualTo(409);
      assertThat(late.bodyAsJsonObject().getString("code")).isEqualTo("case_sealed");
    }
  }

  static HttpResponse<Buffer> raw(TestStack stack, String method, String token, String path, JsonObject body) {
    var req = stack.http().request(HttpMethod.valueOf(method), "/api/v1" + path).bearerTokenAuthentication(token);
    return await(body == null ? req.send() : req.sendJsonObject(body));
  }

  static JsonObject call(TestStack stack, String method, String token, String path, JsonObject body) {
    HttpResponse<Buffer> r = raw(stack, method, token, path, body);
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.bodyAsString()).isBetween(200, 201);
    return r.bodyAsJsonObject();
  }
}
