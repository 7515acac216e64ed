package cn.wenxin.infra.shared;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Redis of this test's own (a second redis-server on a free port) goes away and comes back: the node's shared state
 * answers again and its subscriptions deliver again, with nothing restarted on the node's side.
 */
@DisplayName("Shared state reconnects to a Redis that went away and came back")
class RedisComebackTest {

  private static final Duration DEADLINE = Duration.ofSeconds(20);

  private Vertx vertx;
  private int port;
  private Process redis;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    if (redis != null) {
      redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private Process startRedis() throws IOException {
    return new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.await(10, TimeUnit.SECONDS);
  }

  private static boolean succeeds(Future<?> f) {
    try {
      f.await(3, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private static void within(Duration deadline, String what, BooleanSupplier done) throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what + " within " + deadline).isLessThan(end);
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }

  @Test
  @DisplayName("a node that started without Redis moves onto it when it comes: holds, limits and subscriptions")
  void startsAloneThenJoins() throws Exception {
    String url = "redis://127.0.0.1:" + port;
    RedisKeys keys = new RedisKeys("latecomer-" + port);
    SharedState state = await(SharedState.connect(vertx, url, keys));
    assertThat(state.backend()).isEqualTo("in-process");
    LinkedBlockingQueue<String> heard = new LinkedBlockingQueue<>();
    await(state.pubSub().subscribe("late", heard::add));

    redis = startRedis();
    within(DEADLINE, "the node moves onto Redis", () -> "redis".equals(state.backend()));
    assertThat(await(state.holds().hold("k", "shared", Duration.ofMinutes(1)))).isTrue();
    // Another node on the same Redis sees what this one holds, and reaches its old subscription.
    SharedState other = await(SharedState.connect(vertx, url, keys));
    assertThat(other.backend()).isEqualTo("redis");
    assertThat(await(other.holds().get("k"))).isEqualTo("shared");
    within(DEADLINE, "a message from the other node arrives", () -> {
      try {
        await(other.pubSub().publish("late", "from-the-other-node"));
        return "from-the-other-node".equals(heard.poll(200, TimeUnit.MILLISECONDS));
      } catch (Exception e) {
        return false;
      }
    });
  }

  @Test
  @DisplayName("after a Redis restart, reads and writes work again and a subscription made before it delivers")
  void comesBack() throws Exception {
    redis = startRedis();
    String url = "redis://127.0.0.1:" + port;
    RedisKeys keys = new RedisKeys("comeback-" + port);
    SharedState[] found = new SharedState[1];
    within(DEADLINE, "the test's Redis answers", () -> {
      try {
        found[0] = await(SharedState.connect(vertx, url, keys));
        return "redis".equals(found[0].backend());
      } catch (Exception e) {
        return false;
      }
    });
    SharedState state = found[0];
    LinkedBlockingQueue<String> heard = new LinkedBlockingQueue<>();
    await(state.pubSub().subscribe("comeback", heard::add));
    await(state.pubSub().publish("comeback", "before"));
    assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo("before");
    assertThat(await(state.holds().hold("k", "v1", Duration.ofMinutes(1)))).isTrue();

    redis.destroy();
    assertThat(redis.waitFor(10, TimeUnit.SECONDS)).as("the test's Redis stopped").isTrue();
    within(DEADLINE, "a read fails while Redis is away", () -> !succeeds(state.holds().get("k")));

    redis = startRedis();
    // A fresh Redis (nothing saved): the hold is gone, the client answers again on new connections.
    within(DEADLINE, "reads work again", () -> succeeds(state.holds().get("k")));
    assertThat(await(state.holds().get("k"))).isNull();
    assertThat(await(state.holds().hold("k", "v2", Duration.ofMinutes(1)))).isTrue();
    assertThat(await(state.holds().get("k"))).isEqualTo("v2");
    assertThat(await(state.rateLimiter().hit("r", Duration.ofMinutes(1)))).isEqualTo(1);
    // The subscription made before the restart subscribed again by itself: publish until it hears.
    within(DEADLINE, "the old subscription hears again", () -> {
      try {
        await(state.pubSub().publish("comeback", "after"));
        return "after".equals(heard.poll(200, TimeUnit.MILLISECONDS));
      } catch (Exception e) {
        return false;
      }
    });
  }
}
