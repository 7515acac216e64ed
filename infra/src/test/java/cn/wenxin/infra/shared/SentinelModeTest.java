package cn.wenxin.infra.shared;

import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.testing.TestConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static cn.wenxin.infra.shared.SharedStateContract.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sentinel mode for real: a Redis and one Sentinel of the test's own on free loopback ports (never the shared
 * Redis). The service is given only the sentinel and the master's name, and a WENXIN_REDIS_URL that answers nothing,
 * so the shared state can only be on Redis if the sentinel told the client where the master is.
 */
@DisplayName("Redis through Sentinel")
class SentinelModeTest {

  private final List<Process> processes = new ArrayList<>();
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() throws Exception {
    for (Process p : processes) {
      p.destroyForcibly().waitFor();
    }
    await(vertx.close());
  }

  @Test
  @DisplayName("with WENXIN_REDIS_SENTINELS the shared state is on the master the sentinel names")
  void findsTheMasterThroughTheSentinel() throws Exception {
    int master = TestConfig.freePort();
    int sentinel = TestConfig.freePort();
    Path dir = Files.createTempDirectory("wenxin-sentinel");
    start(dir, "redis-server", "--bind", "127.0.0.1", "--port", Integer.toString(master), "--save", "",
        "--appendonly", "no");
    awaitPort(master);
    Path conf = dir.resolve("sentinel.conf");
    Files.writeString(conf, "bind 127.0.0.1\nport " + sentinel + "\ndir " + dir + "\n"
        + "sentinel monitor wenxin-test 127.0.0.1 " + master + " 1\n");
    start(dir, "redis-server", conf.toString(), "--sentinel");
    awaitPort(sentinel);

    WenxinConfig.Storage storage = WenxinConfig.from(new JsonObject()
        .put("WENXIN_REDIS_URL", "redis://127.0.0.1:1")
        .put("WENXIN_REDIS_SENTINELS", "127.0.0.1:" + sentinel)
        .put("WENXIN_REDIS_MASTER_NAME", "wenxin-test")).storage();
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

  private void start(Path dir, String... command) throws IOException {
    processes.add(new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("log").toFile())).start());
  }

  private static void awaitPort(int port) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new AssertionError("nothing listens on " + port);
  }
}
