package cn.wenxin.infra.security;

import cn.wenxin.infra.error.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Password hashing runs on a bounded pool with a short queue")
class HashingPoolTest {

  @Test
  @DisplayName("30 sign-ins at once: never more than the pool's threads hash together, beyond the queue a 503")
  void bounded() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      HashingPool pool = new HashingPool(vertx, 2, 4);
      PasswordHasher hasher = new PasswordHasher(4096, 1);
      String hash = hasher.hash("pw");
      AtomicInteger running = new AtomicInteger();
      AtomicInteger most = new AtomicInteger();
      List<Future<Boolean>> all = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        all.add(pool.run(() -> {
          most.accumulateAndGet(running.incrementAndGet(), Math::max);
          try {
            Thread.sleep(20);
            return hasher.verify("pw", hash);
          } finally {
            running.decrementAndGet();
          }
        }));
      }
      Future.join(all).recover(some -> Future.succeededFuture()).toCompletionStage().toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      List<Throwable> refused = all.stream().filter(Future::failed).map(Future::cause).toList();
      assertThat(most.get()).isLessThanOrEqualTo(2);
      assertThat(all.stream().filter(Future::succeeded)).hasSize(6);
      assertThat(refused).hasSize(24).allSatisfy(e -> {
        assertThat(e).isInstanceOf(ProblemException.class);
        assertThat(((ProblemException) e).status()).isEqualTo(503);
        assertThat(((ProblemException) e).extensions().getInteger("retryAfter")).isPositive();
      });
      assertThat(pool.run(() -> hasher.verify("pw", hash)).toCompletionStage().toCompletableFuture()
          .get(10, TimeUnit.SECONDS)).as("permits come back").isTrue();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
