package cn.wenxin.gateway.durability;

import cn.wenxin.gateway.api.EndedSignIns;
import cn.wenxin.gateway.testing.TestStack;
import cn.wenxin.infra.security.AccessTokens;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes on a Redis of the test's own, stopped mid-way: signed-in requests go on being checked from each node's
 * copy of the ended sign-ins, and a sign-out made meanwhile is refused at once on its node and, once Redis is back,
 * on the other node and on a node started afterwards.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@DisplayName("Signed-in requests and sign-outs work while Redis is stopped")
class SignOutRedisOutageTest {

  @Test
  @DisplayName("with Redis stopped, tokens are accepted from the node's copy; a sign-out then reaches every node once it is back")
  void outage() throws Exception {
    try (OwnRedis redis = new OwnRedis().start()) {
      JsonObject config = new JsonObject().put("WENXIN_DEMO", "true")
          .put("WENXIN_DEMO_PASSWORD", TestStack.DEMO_PASSWORD)
          .put("WENXIN_JWT_KEYS", AccessTokens.newKeySpec("k-outage"))
          .put("WENXIN_REDIS_URL", redis.url())
          .put("WENXIN_REDIS_NAMESPACE", "wenxin-test-" + UUID.randomUUID());
      try (TestStack a = TestStack.start(config); TestStack b = TestStack.start(config)) {
        JsonObject leaving = a.signIn("student025");
        String staying = a.token("student026");
        String access = leaving.getString("accessToken");
        redis.stop();
        // Past any memory of an earlier answer and several failed reads of the shared log.
        Thread.sleep(3 * EndedSignIns.RECONCILE.toMillis());
        for (TestStack node : new TestStack[] {a, b}) {
          assertThat(status(node, access)).isEqualTo(200);
          assertThat(status(node, staying)).isEqualTo(200);
        }
        assertThat(await(a.http().post("/api/v1/auth/logout").bearerTokenAuthentication(access)
            .sendJsonObject(new JsonObject().put("refreshToken", leaving.getString("refreshToken")))).statusCode())
            .as("a sign-out while Redis is away still succeeds").isEqualTo(204);
        assertThat(status(a, access)).as("at once on its node").isEqualTo(401);
        assertThat(status(a, staying)).isEqualTo(200);

        redis.start();
        long back = System.nanoTime();
        while (status(b, access) != 401) {
          assertThat(System.nanoTime() - back).as("the other node refuses it soon after Redis is back")
              .isLessThan(15_000_000_000L);
          Thread.sleep(100);
        }
        assertThat(status(b, staying)).isEqualTo(200);
        try (TestStack later = TestStack.start(config)) {
          assertThat(status(later, access)).as("a node started afterwards").isEqualTo(401);
          assertThat(status(later, staying)).isEqualTo(200);
        }
      }
    }
  }

  private static int status(TestStack node, String access) {
    return await(node.http().get("/api/v1/me").bearerTokenAuthentication(access).send()).statusCode();
  }
}
