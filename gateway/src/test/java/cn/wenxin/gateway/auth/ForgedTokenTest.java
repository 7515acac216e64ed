package cn.wenxin.gateway.auth;

import cn.wenxin.gateway.testing.DemoStackTest;
import cn.wenxin.gateway.testing.TestStack;
import cn.wenxin.infra.security.AccessTokens;
import cn.wenxin.infra.security.Role;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The gateway refuses tokens it did not issue, or no longer accepts")
class ForgedTokenTest extends DemoStackTest {

  static int meWith(String token) {
    HttpResponse<Buffer> r = await(stack.http().get("/api/v1/me").bearerTokenAuthentication(token).send());
    if (r.statusCode() == 401) {
      assertThat(r.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
      assertThat(r.bodyAsJsonObject().getString("requestId")).isNotBlank();
    }
    return r.statusCode();
  }

  @Test
  @DisplayName("no token on a protected operation is a 401 problem")
  void missing() {
    assertThat(await(stack.http().get("/api/v1/me").send()).statusCode()).isEqualTo(401);
  }

  @Test
  @DisplayName("a token signed with a key the service does not hold is refused")
  void wrongKey() {
    AccessTokens forger = new AccessTokens(AccessTokens.parse(AccessTokens.newKeySpec("k-forged")), "wenxin",
        Duration.ofMinutes(5));
    assertThat(meWith(forger.issue("adm-01", Role.ADMIN, false, "x", "f"))).isEqualTo(401);
  }

  @Test
  @DisplayName("a tampered token (role changed) is refused")
  void tampered() {
    String[] parts = stack.token("student003").split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
        .replace("\"student\"", "\"admin\"");
    String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    assertThat(meWith(forged)).isEqualTo(401);
  }

  @Test
  @DisplayName("an unsigned token (alg none) is refused")
  void algNone() {
    String[] parts = stack.token("student004").split("\\.");
    String header = Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(meWith(header + "." + parts[1] + ".")).isEqualTo(401);
  }

  @Test
  @DisplayName("an expired token is refused")
  void expired() {
    String dataDir = stack.config().getString("WENXIN_DATA_DIR");
    AccessTokens service = AccessTokens.load(cn.wenxin.infra.config.WenxinConfig.from(stack.config()));
    AccessTokens pastIssuer = new AccessTokens(
        AccessTokens.parse(readKeys(dataDir)), "wenxin", Duration.ofSeconds(-30));
    assertThat(meWith(service.issue("stu-005", Role.STUDENT, false, "x", "f"))).isEqualTo(200);
    assertThat(meWith(pastIssuer.issue("stu-005", Role.STUDENT, false, "x", "f"))).isEqualTo(401);
  }

  @Test
  @DisplayName("a header that is not a bearer token is refused")
  void notBearer() {
    HttpResponse<Buffer> r = await(stack.http().get("/api/v1/me").putHeader("Authorization", "Basic YTpi").send());
    assertThat(r.statusCode()).isEqualTo(401);
  }

  private static String readKeys(String dataDir) {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of(dataDir, "jwt-keys.txt")).trim();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
