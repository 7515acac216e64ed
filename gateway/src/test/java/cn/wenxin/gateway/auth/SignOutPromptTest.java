package cn.wenxin.gateway.auth;

import cn.wenxin.gateway.api.EndedSignIns;
import cn.wenxin.gateway.testing.TestStack;
import cn.wenxin.infra.security.AccessTokens;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each node keeps its own copy of the ended sign-ins (EndedSignIns); these attacks check that a
 * signed-out token is still refused at once on the node that signed it out, even while it is being hammered on every
 * gateway instance, and within the stated bound on another node.
 */
@DisplayName("A signed-out access token is refused at once here and within the bound elsewhere")
class SignOutPromptTest {

  private record Shot(long sentNanos, int status) {
  }

  @Test
  @DisplayName("on this node: while 16 clients hammer /me with a token, every request sent after its sign-out answered is refused")
  void refusedAtOnceUnderLoad() throws Exception {
    try (TestStack stack = TestStack.withDemo()) {
      JsonObject tokens = stack.signIn("student021");
      String access = tokens.getString("accessToken");
      List<Shot> shots = java.util.Collections.synchronizedList(new ArrayList<>());
      java.util.concurrent.atomic.AtomicLong stopAt = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
      List<Future<Void>> hammers = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        Promise<Void> done = Promise.promise();
        stack.vertx().runOnContext(v -> hammer(stack, access, shots, stopAt, done));
        hammers.add(done.future());
      }
      Thread.sleep(500);
      int status = await(stack.http().post("/api/v1/auth/logout").bearerTokenAuthentication(access)
          .sendJsonObject(new JsonObject().put("refreshToken", tokens.getString("refreshToken")))).statusCode();
      long answered = System.nanoTime();
      stopAt.set(answered + 700_000_000L);
      await(Future.all(hammers));
      assertThat(status).isEqualTo(204);
      List<Shot> after = shots.stream().filter(s -> s.sentNanos() > answered).toList();
      assertThat(shots.stream().filter(s -> s.sentNanos() < answered && s.status() == 200)).isNotEmpty();
      assertThat(after).isNotEmpty();
      assertThat(after).allSatisfy(s -> assertThat(s.status()).isEqualTo(401));
    }
  }

  private static void hammer(TestStack stack, String access, List<Shot> shots,
                             java.util.concurrent.atomic.AtomicLong stopAt, Promise<Void> done) {
    if (System.nanoTime() > stopAt.get()) {
      done.complete();
      return;
    }
    long sent = System.nanoTime();
    stack.http().get("/api/v1/me").bearerTokenAuthentication(access).send().onComplete(ar -> {
      shots.add(new Shot(sent, ar.succeeded() ? ar.result().statusCode() : -1));
      hammer(stack, access, shots, stopAt, done);
    });
  }

  @Test
  @DisplayName("on another node sharing Redis: a token signed out on node A is refused by node B within the bound")
  void refusedElsewhereWithinBound() throws Exception {
    JsonObject shared = new JsonObject().put("WENXIN_DEMO", "true")
        .put("WENXIN_DEMO_PASSWORD", TestStack.DEMO_PASSWORD)
        .put("WENXIN_JWT_KEYS", AccessTokens.newKeySpec("k-two-nodes"))
        .put("WENXIN_REDIS_NAMESPACE", "wenxin-test-" + UUID.randomUUID());
    try (TestStack a = TestStack.start(shared); TestStack b = TestStack.start(shared)) {
      JsonObject tokens = a.signIn("student022");
      String access = tokens.getString("accessToken");
      assertThat(status(b, access)).isEqualTo(200);   // B has accepted it before
      assertThat(await(a.http().post("/api/v1/auth/logout").bearerTokenAuthentication(access)
          .sendJsonObject(new JsonObject().put("refreshToken", tokens.getString("refreshToken")))).statusCode())
          .isEqualTo(204);
      long answered = System.nanoTime();
      long bound = EndedSignIns.RECONCILE.toNanos();
      Long firstRefusal = null;
      while (System.nanoTime() - answered < bound + 1_000_000_000L) {
        int s = status(b, access);
        long at = System.nanoTime();
        if (firstRefusal == null && s == 401) {
          firstRefusal = at;
        }
        assertThat(firstRefusal == null || s == 401).as("once refused, always refused").isTrue();
        assertThat(s == 401 || at - answered < bound).as("accepted after the bound").isTrue();
        Thread.sleep(20);
      }
      assertThat(firstRefusal).isNotNull();
    }
  }

  private static int status(TestStack node, String access) {
    return await(node.http().get("/api/v1/me").bearerTokenAuthentication(access).send()).statusCode();
  }
}
