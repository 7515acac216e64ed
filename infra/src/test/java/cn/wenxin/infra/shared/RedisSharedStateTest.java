package cn.wenxin.infra.shared;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Shared state on the real Redis")
class RedisSharedStateTest extends SharedStateContract {

  static final String REDIS = System.getenv().getOrDefault("WENXIN_REDIS_URL", "redis://127.0.0.1:6379");

  @Override
  SharedState create(Vertx vertx) {
    try {
      // The first connection of a cold JVM on a busy machine may miss the start-up ping's deadline: ask again.
      SharedState s = await(SharedState.connect(vertx, REDIS, new RedisKeys("wenxin-test")));
      for (int attempt = 1; attempt < 3 && !"redis".equals(s.backend()); attempt++) {
        s = await(SharedState.connect(vertx, REDIS, new RedisKeys("wenxin-test")));
      }
      assertThat(s.backend()).as("tests need the real Redis at " + REDIS).isEqualTo("redis");
      return s;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  @DisplayName("without a Redis the service falls back to in-process state instead of failing")
  void fallsBack() throws Exception {
    SharedState s = await(SharedState.connect(vertx, "redis://127.0.0.1:1", new RedisKeys("x")));
    assertThat(s.backend()).isEqualTo("in-process");
  }
}
