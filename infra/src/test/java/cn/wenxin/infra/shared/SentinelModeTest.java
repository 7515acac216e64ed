package cn.wenxin.infra.shared;

import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.testing.SentinelTrio;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static cn.wenxin.infra.shared.SharedStateContract.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sentinel mode for real: a Redis master, its replica and one Sentinel of the test's own on free loopback ports
 * (never the shared Redis). The service is given only the sentinel and the master's name, and a WENXIN_REDIS_URL that answers nothing,
 * so the shared state can only be on Redis if the sentinel told the client where the master is.
 */
@DisplayName("Redis through Sentinel")
class SentinelModeTest {

  private final Vertx vertx = Vertx.vertx();
  private SentinelTrio redis;

  @AfterEach
  void stop() throws Exception {
    if (redis != null) {
      redis.close();
    }
    await(vertx.close());
  }

  @Test
  @DisplayName("with WENXIN_REDIS_SENTINELS the shared state is on the master the sentinel names")
  void findsTheMasterThroughTheSentinel() throws Exception {
    redis = new SentinelTrio().start();
    int sentinel = redis.sentinelPort;
    int master = redis.masterPort;

    WenxinConfig.Storage storage = WenxinConfig.from(new JsonObject()
        .put("WENXIN_REDIS_URL", "redis://127.0.0.1:1")
        .put("WENXIN_REDIS_SENTINELS", "127.0.0.1:" + sentinel)
        .put("WENXIN_REDIS_MASTER_NAME", SentinelTrio.MASTER_NAME)).storage();
    RedisOptions options = RedisConnections.options(storage);
    assertThat(options.getType()).isEqualTo(RedisClientType.SENTINEL);

    SharedState state = await(SharedState.connect(vertx, options, RedisConnections.describe(storage),
        new RedisKeys("wenxin-sentinel-test")));
    assertThat(state.backend()).isEqualTo("redis");
    assertThat(await(state.holds().hold("probe", "here", Duration.ofMinutes(1)))).isTrue();
    assertThat(await(state.holds().get("probe"))).isEqualTo("here");

    // And it is the master's: the key is there when asked of the master directly.
    Redis direct = Redis.createClient(vertx, new RedisOptions().setConnectionString("redis://127.0.0.1:" + master));
    assertThat(await(RedisAPI.api(direct).dbsize()).toLong()).isPositive();
    direct.close();
  }
}
