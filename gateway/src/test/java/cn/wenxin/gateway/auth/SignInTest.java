package cn.wenxin.gateway.auth;

import cn.wenxin.gateway.testing.DemoStackTest;
import cn.wenxin.gateway.testing.TestStack;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Signing in, refreshing and signing out over HTTP")
class SignInTest extends DemoStackTest {

  static HttpResponse<Buffer> post(String path, JsonObject body) {
    return await(stack.http().post(path).sendJsonObject(body));
  }

  static HttpResponse<Buffer> me(String accessToken) {
    return await(stack.http().get("/api/v1/me").bearerTokenAuthentication(accessToken).send());
  }

  @Test
  @DisplayName("a demo student signs in and sees their own profile")
  void studentSignsIn() {
    JsonObject tokens = stack.signIn("student001");
    assertThat(tokens.getInteger("expiresIn")).isBetween(60, 900);
    JsonObject me = me(tokens.getString("accessToken")).bodyAsJsonObject();
    assertThat(me.getString("role")).isEqualTo("student");
    assertThat(me.getString("id")).isEqualTo("stu-001");
    assertThat(me.encode()).doesNotContain("passwordHash");
  }

  @Test
  @DisplayName("a parent sees their linked children and whether guardian consent is on file")
  void parentSeesChildren() {
    JsonObject me = me(stack.token("parent005")).bodyAsJsonObject();
    assertThat(me.getJsonArray("children")).hasSize(2);
    assertThat(me.getJsonArray("children").getJsonObject(0).containsKey("guardianConsent")).isTrue();
  }

  @Test
  @DisplayName("a wrong password is a 401 problem that does not say whether the account exists")
  void wrongPassword() {
    HttpResponse<Buffer> known = post("/api/v1/auth/login",
        new JsonObject().put("username", "expert002").put("password", "nope"));
    HttpResponse<Buffer> unknown = post("/api/v1/auth/login",
        new JsonObject().put("username", "nobody-at-all").put("password", "nope"));
    assertThat(known.statusCode()).isEqualTo(401);
    assertThat(known.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(known.bodyAsJsonObject().getString("detail")).isEqualTo(unknown.bodyAsJsonObject().getString("detail"));
  }

  @Test
  @DisplayName("after five failures from one address that address waits (Retry-After), even with the right password")
  void lockOut() {
    for (int i = 0; i < 5; i++) {
      assertThat(post("/api/v1/auth/login", new JsonObject().put("username", "parent099").put("password", "x"))
          .statusCode()).isEqualTo(401);
    }
    HttpResponse<Buffer> locked = post("/api/v1/auth/login",
        new JsonObject().put("username", "parent099").put("password", TestStack.DEMO_PASSWORD));
    assertThat(locked.statusCode()).isEqualTo(429);
    assertThat(Integer.parseInt(locked.getHeader("Retry-After"))).isBetween(1, 3600);
    assertThat(locked.bodyAsJsonObject().getString("detail")).contains("Try again");
  }

  @Test
  @DisplayName("a refresh gives new tokens, and reusing a refresh token whose successor was spent ends the session")
  void refreshRotationAndReuse() {
    JsonObject first = stack.signIn("student010");
    HttpResponse<Buffer> second = post("/api/v1/auth/refresh",
        new JsonObject().put("refreshToken", first.getString("refreshToken")));
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.bodyAsJsonObject().getString("refreshToken")).isNotEqualTo(first.getString("refreshToken"));
    HttpResponse<Buffer> third = post("/api/v1/auth/refresh",
        new JsonObject().put("refreshToken", second.bodyAsJsonObject().getString("refreshToken")));
    String newRefresh = third.bodyAsJsonObject().getString("refreshToken");

    HttpResponse<Buffer> replay = post("/api/v1/auth/refresh",
        new JsonObject().put("refreshToken", first.getString("refreshToken")));
    assertThat(replay.statusCode()).isEqualTo(401);
    HttpResponse<Buffer> afterTheft = post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", newRefresh));
    assertThat(afterTheft.statusCode()).as("the family was revoked").isEqualTo(401);
  }

  @Test
  @DisplayName("signing out denies the access token at once and ends its refresh token")
  void logout() {
    JsonObject tokens = stack.signIn("student011");
    String access = tokens.getString("accessToken");
    HttpResponse<Buffer> out = await(stack.http().post("/api/v1/auth/logout").bearerTokenAuthentication(access)
        .sendJsonObject(new JsonObject().put("refreshToken", tokens.getString("refreshToken"))));
    assertThat(out.statusCode()).isEqualTo(204);
    assertThat(me(access).statusCode()).isEqualTo(401);
    assertThat(post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", tokens.getString("refreshToken")))
        .statusCode()).isEqualTo(401);
  }

  @Test
  @DisplayName("an anonymous student gets a pseudonym and no personal data")
  void anonymous() {
    HttpResponse<Buffer> r = await(stack.http().post("/api/v1/auth/anonymous").send());
    assertThat(r.statusCode()).isEqualTo(200);
    String pseudonym = r.bodyAsJsonObject().getString("pseudonym");
    assertThat(pseudonym).matches("\\p{IsHan}+-\\d{4}");
    JsonObject me = me(r.bodyAsJsonObject().getString("accessToken")).bodyAsJsonObject();
    assertThat(me.getBoolean("anonymous")).isTrue();
    assertThat(me.getString("displayName")).isEqualTo(pseudonym);
    assertThat(me.containsKey("school")).isFalse();
  }

  @Test
  @DisplayName("a role's operations are refused to other roles")
  void roleChecked() {
    HttpResponse<Buffer> r = await(stack.http().get("/api/v1/admin/overview")
        .bearerTokenAuthentication(stack.token("student002")).send());
    assertThat(r.statusCode()).isEqualTo(403);
    HttpResponse<Buffer> ok = await(stack.http().get("/api/v1/admin/overview")
        .bearerTokenAuthentication(stack.token("admin01")).send());
    assertThat(ok.statusCode()).isEqualTo(200);
  }
}
