package cn.wenxin.gateway.auth;

import cn.wenxin.gateway.api.EndedSignIns;
import cn.wenxin.gateway.testing.TestStack;
import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.security.AccessTokens;
import cn.wenxin.infra.shared.SharedState;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

/** Every node refuses a signed-out token from its own copy of the ended sign-ins, however it learnt of the end. */
@DisplayName("A sign-out reaches every node without pub/sub, and a node started later")
class SignOutEverywhereTest {

  private static JsonObject twoNodes() {
    return new JsonObject().put("WENXIN_DEMO", "true")
        .put("WENXIN_DEMO_PASSWORD", TestStack.DEMO_PASSWORD)
        .put("WENXIN_JWT_KEYS", AccessTokens.newKeySpec("k-ends"))
        .put("WENXIN_REDIS_NAMESPACE", "wenxin-test-" + UUID.randomUUID());
  }

  @Test
  @DisplayName("an end written to the shared log with no pub/sub message is refused by another node within the bound")
  void lostMessageStillReachesOtherNode() throws Exception {
    JsonObject config = twoNodes();
    try (TestStack a = TestStack.start(config); TestStack b = TestStack.start(config)) {
      String access = a.token("student023");
      assertThat(status(b, access)).isEqualTo(200);
      Vertx writer = Vertx.vertx();
      try {
        // What the account service writes, without the pub/sub nudge (as if it were lost).
        SharedState shared = await(SharedState.of(writer, WenxinConfig.from(a.config()).storage()));
        await(shared.signInEnds().add(sessionOf(access), Duration.ofMinutes(15)));
      } finally {
        await(writer.close());
      }
      long written = System.nanoTime();
      for (TestStack node : new TestStack[] {b, a}) {
        while (status(node, access) == 200) {
          assertThat(System.nanoTime() - written).as("accepted after the bound")
              .isLessThan(EndedSignIns.RECONCILE.toNanos() + 1_000_000_000L);
          Thread.sleep(20);
        }
        assertThat(status(node, access)).isEqualTo(401);
      }
    }
  }

  @Test
  @DisplayName("a node started after a sign-out refuses that sign-in's token from its first request")
  void laterNodeRefuses() {
    JsonObject config = twoNodes();
    try (TestStack a = TestStack.start(config)) {
      JsonObject tokens = a.signIn("student024");
      String access = tokens.getString("accessToken");
      assertThat(await(a.http().post("/api/v1/auth/logout").bearerTokenAuthentication(access)
          .sendJsonObject(new JsonObject().put("refreshToken", tokens.getString("refreshToken")))).statusCode())
          .isEqualTo(204);
      try (TestStack later = TestStack.start(config)) {
        assertThat(status(later, access)).isEqualTo(401);
        assertThat(status(later, later.token("student024"))).as("a new sign-in is not refused").isEqualTo(200);
      }
    }
  }

  static int status(TestStack node, String access) {
    return await(node.http().get("/api/v1/me").bearerTokenAuthentication(access).send()).statusCode();
  }

  /** The token's sign-in ({@code sid}), read from its payload as any holder of it could. */
  static String sessionOf(String access) {
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(access.split("\\.")[1])));
    return claims.getString("sid");
  }
}
