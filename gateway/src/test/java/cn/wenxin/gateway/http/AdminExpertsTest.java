package cn.wenxin.gateway.http;

import cn.wenxin.gateway.testing.DemoStackTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("An admin manages experts and resets passwords, and every action is audited")
class AdminExpertsTest extends DemoStackTest {

  @Test
  @DisplayName("add, edit and deactivate an expert: the directory follows, a student may not, the audit log has ids only")
  void manageExperts() {
    String admin = stack.token("admin01");
    HttpResponse<Buffer> created = await(stack.http().post("/api/v1/admin/experts").bearerTokenAuthentication(admin)
        .sendJsonObject(new JsonObject().put("name", "测试专家").put("title", "心理咨询师").put("gender", "female")
            .put("specialties", new JsonArray().add("sleep")).put("modes", new JsonArray().add("chat"))
            .put("languages", new JsonArray().add("zh")).put("gradeBands", new JsonArray().add("junior"))));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    String id = created.bodyAsJsonObject().getString("id");
    String student = stack.token("student001");
    assertThat(names(student, "测试专家")).containsExactly("测试专家");

    assertThat(await(stack.http().put("/api/v1/admin/experts/" + id).bearerTokenAuthentication(student)
        .sendJsonObject(new JsonObject().put("active", false))).statusCode()).isEqualTo(403);
    HttpResponse<Buffer> off = await(stack.http().put("/api/v1/admin/experts/" + id).bearerTokenAuthentication(admin)
        .sendJsonObject(new JsonObject().put("active", false).put("title", "退休")));
    assertThat(off.bodyAsJsonObject().getBoolean("active")).isFalse();
    assertThat(names(student, "测试专家")).isEmpty();

    MongoClient mongo = cn.wenxin.infra.mongo.Mongo.client(stack.vertx(),
        cn.wenxin.infra.config.WenxinConfig.from(stack.config()));
    List<JsonObject> log = await(mongo.find("audit_log", new JsonObject().put("targetId", id)));
    assertThat(log).extracting(e -> e.getString("action")).containsExactlyInAnyOrder("expert.create", "expert.deactivate");
    // Ids only, no names or content; the rest links the entry into the audit hash chain.
    assertThat(log.get(0).fieldNames()).containsExactlyInAnyOrder("_id", "actorId", "actorRole", "action",
        "targetId", "at", "seq", "prevHash", "hash");
  }

  @Test
  @DisplayName("a reset password signs in once given, and the old one no longer does")
  void resetPassword() {
    String admin = stack.token("admin01");
    HttpResponse<Buffer> r = await(stack.http().post("/api/v1/admin/password-resets").bearerTokenAuthentication(admin)
        .sendJsonObject(new JsonObject().put("username", "student199")));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    String temporary = r.bodyAsJsonObject().getString("temporaryPassword");
    assertThat(temporary).hasSize(12);
    assertThat(login("student199", temporary)).isEqualTo(200);
    assertThat(login("student199", cn.wenxin.gateway.testing.TestStack.DEMO_PASSWORD)).isEqualTo(401);
  }

  private int login(String user, String password) {
    return await(stack.http().post("/api/v1/auth/login").sendJsonObject(new JsonObject().put("username", user)
        .put("password", password))).statusCode();
  }

  private List<String> names(String token, String q) {
    return await(stack.http().get("/api/v1/experts").addQueryParam("q", q).bearerTokenAuthentication(token).send())
        .bodyAsJsonObject().getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("name")).toList();
  }
}
