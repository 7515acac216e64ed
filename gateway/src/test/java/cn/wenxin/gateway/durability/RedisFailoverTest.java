package cn.wenxin.gateway.durability;

import cn.wenxin.gateway.testing.TestStack;
import cn.wenxin.infra.security.AccessTokens;
import cn.wenxin.infra.testing.SentinelTrio;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis as production runs it: a master, a replica and a sentinel. Two nodes find the master through the sentinel
 * ({@code WENXIN_REDIS_SENTINELS}); the master is killed -9. During the failover every answer is a 200 or a 503 with
 * Retry-After (never a 500, never a hang); afterwards both nodes work on the promoted replica by themselves, a
 * sign-out from before the failover still holds, and a sign-out after it reaches the other node (pub/sub and the
 * deny-list on the new master).
 */
@DisplayName("Redis master killed under two nodes: the sentinel's replica takes over and the service follows by itself")
class RedisFailoverTest {

  static final Duration RECOVERY_BOUND = Duration.ofSeconds(15);

  @Test
  @DisplayName("kill -9 of the Redis master: 200 or 503 with Retry-After meanwhile, both nodes back on the new master,"
      + " sign-outs kept before and after")
  void masterKilled() throws Exception {
    try (SentinelTrio redis = new SentinelTrio().start()) {
      JsonObject shared = new JsonObject().put("WENXIN_DEMO", "true")
          .put("WENXIN_DEMO_PASSWORD", TestStack.DEMO_PASSWORD)
          .put("WENXIN_JWT_KEYS", AccessTokens.newKeySpec("k-failover"))
          .put("WENXIN_REDIS_SENTINELS", redis.sentinels())
          .put("WENXIN_REDIS_MASTER_NAME", SentinelTrio.MASTER_NAME)
          .put("WENXIN_REDIS_NAMESPACE", "wenxin-failover-" + UUID.randomUUID());
      try (TestStack a = TestStack.start(shared); TestStack b = TestStack.start(shared)) {
        String student = a.token("student041");
        JsonObject gone = a.signIn("student042");
        assertThat(signOut(a, gone)).isEqualTo(204);
        assertThat(me(b, student).statusCode()).isEqualTo(200);
        assertThat(me(b, gone.getString("accessToken")).statusCode()).isEqualTo(401);
        Thread.sleep(1000);   // the replica has the deny-list entry (asynchronous replication, loopback)

        redis.killMaster();
        long killed = System.nanoTime();
        List<String> wrong = new ArrayList<>();
        int refused = 0;
        long backAt = 0;
        while (System.nanoTime() - killed < RECOVERY_BOUND.toNanos()) {
          boolean allOk = true;
          for (TestStack node : List.of(a, b)) {
            for (HttpResponse<Buffer> r : List.of(me(node, student), signInAnswer(node, "student043"))) {
              if (r.statusCode() == 503) {
                refused++;
                if (r.getHeader("Retry-After") == null) {
                  wrong.add("503 without Retry-After: " + r.bodyAsString());
                }
              } else if (r.statusCode() != 200) {
                wrong.add(r.statusCode() + ": " + r.bodyAsString());
              }
              allOk &= r.statusCode() == 200;
            }
          }
          if (allOk && redis.masterNow() == redis.replicaPort) {
            backAt = System.nanoTime();
            break;
          }
          Thread.sleep(100);
        }
        assertThat(wrong).as("answers during the failover").isEmpty();
        assertThat(backAt).as("both nodes answer again on the promoted replica within " + RECOVERY_BOUND)
            .isPositive();
        System.out.printf("Redis failover: both nodes served again %d ms after the master was killed (%d answers"
            + " refused 503 meanwhile)%n", (backAt - killed) / 1_000_000, refused);

        for (TestStack node : List.of(a, b)) {
          assertThat(me(node, gone.getString("accessToken")).statusCode())
              .as("signed out before the failover, still refused after it").isEqualTo(401);
        }
        JsonObject later = b.signIn("student044");
        assertThat(me(a, later.getString("accessToken")).statusCode()).isEqualTo(200);
        assertThat(signOut(b, later)).isEqualTo(204);
        long signedOut = System.nanoTime();
        int status = 200;
        while (System.nanoTime() - signedOut < Duration.ofSeconds(5).toNanos()
            && (status = me(a, later.getString("accessToken")).statusCode()) != 401) {
          Thread.sleep(50);
        }
        assertThat(status).as("a sign-out on B after the failover reaches A").isEqualTo(401);
      }
    }
  }

  private static HttpResponse<Buffer> me(TestStack node, String token) {
    return await(node.http().get("/api/v1/me").bearerTokenAuthentication(token).timeout(5000).send());
  }

  private static HttpResponse<Buffer> signInAnswer(TestStack node, String username) {
    return await(node.http().post("/api/v1/auth/login").timeout(5000)
        .sendJsonObject(new JsonObject().put("username", username).put("password", TestStack.DEMO_PASSWORD)));
  }

  private static int signOut(TestStack node, JsonObject tokens) {
    return await(node.http().post("/api/v1/auth/logout").bearerTokenAuthentication(tokens.getString("accessToken"))
        .sendJsonObject(new JsonObject().put("refreshToken", tokens.getString("refreshToken")))).statusCode();
  }
}
