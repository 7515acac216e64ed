package cn.wenxin.gateway.api;

import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.security.Role;
import cn.wenxin.infra.shared.SharedState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The revocation cache remembers a valid token briefly and forgets it on sign-out")
class RevocationCacheTest {

  private final Vertx vertx = Vertx.vertx();
  private final RevocationCache cache = await(RevocationCache.of(vertx, SharedState.local(vertx).pubSub()));
  private final Principal token = new Principal("stu-001", Role.STUDENT, false, "x", "session-1", "jti-1", 0);
  private final AtomicInteger asked = new AtomicInteger();

  @AfterEach
  void close() {
    await(vertx.close());
  }

  private Future<Boolean> ask() {
    asked.incrementAndGet();
    return Future.succeededFuture(false);
  }

  @Test
  @DisplayName("a second check within the bound does not ask Redis; a sign-out of the session makes the next one ask")
  void remembersThenForgets() {
    assertThat(await(cache.denied(token, this::ask))).isFalse();
    assertThat(await(cache.denied(token, this::ask))).isFalse();
    assertThat(asked.get()).isEqualTo(1);
    cache.signedOut(new Principal("stu-001", Role.STUDENT, false, "x", "session-1", "jti-other", 0));
    assertThat(await(cache.denied(token, () -> Future.succeededFuture(true)))).isTrue();
  }

  @Test
  @DisplayName("an answer Redis gave before a sign-out is not remembered after it")
  void staleAnswerNotRemembered() {
    Promise<Boolean> slowRedis = Promise.promise();
    Future<Boolean> first = cache.denied(token, slowRedis::future);
    cache.signedOut(token);
    slowRedis.complete(false);   // read before the deny key was written
    assertThat(await(first)).isFalse();
    assertThat(await(cache.denied(token, () -> Future.succeededFuture(true)))).isTrue();
  }

  @Test
  @DisplayName("a remembered answer lapses after the bound")
  void lapses() throws Exception {
    assertThat(await(cache.denied(token, this::ask))).isFalse();
    Thread.sleep(RevocationCache.REMEMBER.toMillis() + 100);
    assertThat(await(cache.denied(token, () -> Future.succeededFuture(true)))).isTrue();
  }
}
