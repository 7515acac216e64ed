package cn.wenxin.gateway.http;

import cn.wenxin.gateway.testing.DemoStackTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Bad input gets a clear problem, never a 500")
class HttpContractTest extends DemoStackTest {

  static String token;

  @BeforeAll
  static void signIn() {
    token = stack.token("student001");
  }

  static void assertProblem(HttpResponse<Buffer> r, int status) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    assertThat(r.getHeader("Content-Type")).startsWith("application/problem+json");
    JsonObject p = r.bodyAsJsonObject();
    assertThat(p.getInteger("status")).isEqualTo(status);
    assertThat(p.getString("title")).isNotBlank();
    assertThat(p.getString("requestId")).isEqualTo(r.getHeader("X-Request-Id"));
    assertThat(r.bodyAsString()).doesNotContain("Exception").doesNotContain("at io.vertx");
  }

  @Test
  @DisplayName("malformed JSON to an operation is a 400 problem")
  void malformedJson() {
    assertProblem(await(stack.http().post("/api/v1/auth/login").putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer("{\"username\": \"student001\", "))), 400);
  }

  @Test
  @DisplayName("a sign-out refused for its own broken body ends nothing: the token still works on this node")
  void brokenSignOutEndsNothing() {
    String own = stack.token("student009");
    assertProblem(await(stack.http().post("/api/v1/auth/logout").bearerTokenAuthentication(own)
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("[not json"))), 400);
    assertThat(await(stack.http().get("/api/v1/me").bearerTokenAuthentication(own).send()).statusCode())
        .isEqualTo(200);
  }

  @Test
  @DisplayName("malformed JSON to every operation of the contract that takes a body is a 400 problem")
  void malformedJsonEverywhere() {
    var contract = await(io.vertx.openapi.contract.OpenAPIContract.from(stack.vertx(), "openapi.yaml"));
    var withBody = contract.operations().stream().filter(op -> op.getRequestBody() != null).toList();
    assertThat(withBody).hasSizeGreaterThanOrEqualTo(9);
    for (var op : withBody) {
      String path = "/api/v1" + op.getOpenAPIPath().replaceAll("\\{[^}]+}", "exp-001");
      HttpResponse<Buffer> r = await(stack.http().request(op.getHttpMethod(), path)
          .bearerTokenAuthentication(token).putHeader("Content-Type", "application/json")
          .sendBuffer(Buffer.buffer("[not json")));
      assertThat(r.statusCode()).as(op.getOperationId()).isEqualTo(400);
      assertProblem(r, 400);
    }
  }

  @Test
  @DisplayName("a body that breaks the schema names what is wrong")
  void schemaViolation() {
    HttpResponse<Buffer> r = await(stack.http().post("/api/v1/auth/login")
        .sendJsonObject(new JsonObject().put("username", "student001")));
    assertProblem(r, 400);
    assertThat(r.bodyAsJsonObject().getString("detail")).isNotBlank();
  }

  @Test
  @DisplayName("a body over the size limit is a 413 problem")
  void tooLarge() {
    String big = "x".repeat(70_000);
    assertProblem(await(stack.http().post("/api/v1/auth/login")
        .sendJsonObject(new JsonObject().put("username", big).put("password", "p"))), 413);
  }

  @Test
  @DisplayName("an unknown API path is a 404 problem")
  void unknownPath() {
    assertProblem(await(stack.http().get("/api/v1/no-such-thing").send()), 404);
  }

  @Test
  @DisplayName("a caller's X-Request-Id is echoed; without one the gateway makes one")
  void requestIds() {
    HttpResponse<Buffer> given = await(stack.http().get("/health").putHeader("X-Request-Id", "abc-123").send());
    assertThat(given.getHeader("X-Request-Id")).isEqualTo("abc-123");
    HttpResponse<Buffer> made = await(stack.http().get("/health").send());
    assertThat(made.getHeader("X-Request-Id")).hasSizeGreaterThan(8);
  }

  @Test
  @DisplayName("responses carry the security headers")
  void securityHeaders() {
    HttpResponse<Buffer> r = await(stack.http().get("/api/v1/config/public").send());
    assertThat(r.getHeader("Content-Security-Policy")).contains("frame-ancestors 'none'").contains("default-src 'self'");
    assertThat(r.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(r.getHeader("Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(r.getHeader("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  @DisplayName("the public config lists the hotlines 96525 and 92355")
  void publicConfig() {
    JsonObject c = await(stack.http().get("/api/v1/config/public").send()).bodyAsJsonObject();
    assertThat(c.getJsonArray("hotlines").stream().map(h -> ((JsonObject) h).getString("number")))
        .containsExactly("96525", "92355");
  }

  @Test
  @DisplayName("the OpenAPI document is served")
  void contract() {
    HttpResponse<Buffer> r = await(stack.http().get("/api/v1/openapi.yaml").send());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsString()).startsWith("openapi: 3.1");
  }

  @Test
  @DisplayName("the web client is served at / and for its own routes")
  void webClient() {
    HttpResponse<Buffer> root = await(stack.http().get("/").send());
    assertThat(root.statusCode()).isEqualTo(200);
    assertThat(root.bodyAsString()).contains("<div id=\"app\"");
    assertThat(await(stack.http().get("/experts/exp-001").send()).bodyAsString()).contains("<div id=\"app\"");
  }
}
