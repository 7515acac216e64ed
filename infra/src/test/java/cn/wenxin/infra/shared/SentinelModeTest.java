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
 * (never the shared Redis). With replicas asked for, a chat message counts as safe only once a replica holds it, so
 * a failover that promotes the replica cannot lose an acknowledged message; the replica is made to stall (DEBUG
 * SLEEP) so that one write is stored but not yet replicated. The service is given only the sentinel and the master's name, and a WENXIN_REDIS_URL that answers nothing,
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

  @Test
  @DisplayName("a message is safe once the replica holds it; while the replica stalls it is stored but not safe,"
      + " and its resend is safe once the replica is back")
  void safeOnlyWhenReplicated() throws Exception {
    redis = new SentinelTrio().start();
    // As a node of a Sentinel deployment opens it: the master found through the sentinel, one replica by default.
    ChatLog log = await(ChatLog.of(vertx, WenxinConfig.from(new JsonObject()
        .put("WENXIN_REDIS_URL", "redis://127.0.0.1:1")
        .put("WENXIN_REDIS_SENTINELS", redis.sentinels())
        .put("WENXIN_REDIS_MASTER_NAME", SentinelTrio.MASTER_NAME)
        .put("WENXIN_REDIS_NAMESPACE", "wenxin-replication-" + java.util.UUID.randomUUID())).storage()));
    Duration minute = Duration.ofMinutes(1);
    Duration day = Duration.ofDays(1);

    ChatLog.Sent first = await(log.send("s1", "c1", "student", minute, 100, new JsonObject().put("text", "一"), day));
    assertThat(first.outcome()).isEqualTo(ChatLog.Outcome.STORED);
    assertThat(first.replicated()).isTrue();

    redis.stallReplica(2);
    ChatLog.Sent stalled = await(log.send("s1", "c2", "student", minute, 100, new JsonObject().put("text", "二"),
        day));
    assertThat(stalled.outcome()).isEqualTo(ChatLog.Outcome.STORED);
    assertThat(stalled.replicated()).as("the replica did not confirm within the wait").isFalse();

    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    ChatLog.Sent again;
    do {
      Thread.sleep(200);
      again = await(log.send("s1", "c2", "student", minute, 100, new JsonObject().put("text", "二"), day));
    } while (!again.replicated() && System.nanoTime() < deadline);
    assertThat(again.outcome()).isEqualTo(ChatLog.Outcome.RESENT);
    assertThat(again.seq()).isEqualTo(stalled.seq());
    assertThat(again.replicated()).isTrue();
    assertThat(await(log.after("s1", 0, 10))).hasSize(2);
  }

  @Test
  @DisplayName("replicas are asked for by default only in Sentinel mode")
  void askedForWithSentinel() {
    assertThat(WenxinConfig.from(new JsonObject()).storage().redisAckReplicas()).isZero();
    assertThat(WenxinConfig.from(new JsonObject().put("WENXIN_REDIS_SENTINELS", "127.0.0.1:26379")).storage()
        .redisAckReplicas()).isEqualTo(1);
  }
}
