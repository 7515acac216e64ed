package cn.wenxin.gateway.fuzz;

import cn.wenxin.gateway.testing.HostileFrames;
import cn.wenxin.gateway.testing.LogCapture;
import cn.wenxin.gateway.testing.TestStack;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bounded hostile run on loopback, with the real Argon2 cost: parallel guesses, a sign-in flood from many
 * addresses, an anonymous flood, frame fuzz and query fuzz, all at once for a few seconds, while a control client
 * asks ordinary questions. Every control request is answered, nothing but the designed 503 is a 5xx, no guess
 * signs in, the log has no ERROR and no stack; the control p99, quiet and under attack, is printed.
 */
@DisplayName("A bounded hostile run leaves other requests answered and the log clean")
class HostileRunTest {

  static final long ATTACK_MS = 5_000;
  static TestStack stack;

  @BeforeAll
  static void start() {
    stack = TestStack.start(new JsonObject().put("WENXIN_DEMO", "true")
        .put("WENXIN_DEMO_PASSWORD", TestStack.DEMO_PASSWORD).put("WENXIN_TRUST_FORWARDED_HEADERS", "true")
        .put("WENXIN_ARGON2_MEMORY_KIB", "19456").put("WENXIN_ARGON2_ITERATIONS", "2"));
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  @DisplayName("guesses, sign-in and anonymous floods, frame and query fuzz: control answered, no 5xx, no ERROR")
  void hostileRun() throws Exception {
    String token = stack.token("student180");
    WebClient control = WebClient.create(stack.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(stack.port()));
    List<Long> quiet = measure(control, token, 3_000, null);

    WebClient attacker = WebClient.create(stack.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(stack.port()), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(64));
    Map<String, AtomicLong> statuses = new ConcurrentHashMap<>();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Future<?>> attacks = new ArrayList<>();
    try (LogCapture log = LogCapture.begin()) {
      Random random = new Random(11);
      for (int i = 0; i < 40; i++) {
        attacks.add(count(statuses, "guess", login(attacker, "student181", i == 35 ? TestStack.DEMO_PASSWORD : "g" + i,
            "10.90.0.1")));
      }
      for (int i = 0; i < 4; i++) {
        int lane = i;
        attacks.add(loop(running, () -> count(statuses, "flood", login(attacker,
            "student" + (100 + random.nextInt(100)), "wrong", "10.91." + lane + "." + random.nextInt(250)))));
      }
      attacks.add(loop(running, () -> count(statuses, "anonymous", attacker.post("/api/v1/auth/anonymous")
          .putHeader("X-Forwarded-For", "10.92.0.1").send())));
      attacks.add(loop(running, () -> count(statuses, "query", attacker.get("/api/v1/experts"
          + ContractFuzzTest.Hostile.query(random, null)).bearerTokenAuthentication(token).send())));
      for (int i = 0; i < 2; i++) {
        attacks.add(frameFuzz(running, new Random(i)));
      }
      List<Long> underAttack = measure(control, token, ATTACK_MS, statuses);
      running.set(false);
      await(Future.join(attacks));

      long quietP99 = p99(quiet);
      long attackP99 = p99(underAttack);
      System.out.printf("Hostile run: control p99 %d ms quiet, %d ms under attack; answers %s%n", quietP99,
          attackP99, statuses);
      assertThat(statuses.keySet()).noneMatch(k -> k.matches("(query|anonymous) 5\\d\\d"));
      assertThat(statuses.keySet()).as("sign-ins beyond the hashing queue get 503, nothing else 5xx")
          .noneMatch(k -> k.matches("(flood|guess) 5\\d\\d") && !k.endsWith(" 503"));
      assertThat(statuses.getOrDefault("guess 200", new AtomicLong()).get()).isZero();
      assertThat(statuses.keySet().stream().filter(k -> k.startsWith("control"))).as("every control request: 200")
          .containsExactly("control 200");
      // The promise (issue: other requests keep p99 under 200 ms during the attack) is judged only when the quiet
      // baseline shows a machine that is not busy with something else; on a loaded one it is printed, not judged.
      if (quietP99 <= 50) {
        assertThat(attackP99).as("control p99 under attack (quiet: %d ms)", quietP99).isLessThan(200);
      }
      assertThat(log.errorsAndStacks()).isEmpty();
    }
  }

  /** Latencies of control requests for a while, alternately a public and a signed-in one, 25 ms apart. */
  private static List<Long> measure(WebClient http, String token, long forMs, Map<String, AtomicLong> statuses)
      throws Exception {
    List<Long> ms = new ArrayList<>();
    long end = System.currentTimeMillis() + forMs;
    for (int i = 0; System.currentTimeMillis() < end; i++) {
      long t0 = System.nanoTime();
      var req = (i % 2 == 0 ? http.get("/api/v1/config/public")
          : http.get("/api/v1/me").bearerTokenAuthentication(token)).timeout(20_000);
      HttpResponse<Buffer> r = await(req.send());
      ms.add((System.nanoTime() - t0) / 1_000_000);
      if (statuses != null) {
        statuses.computeIfAbsent("control " + r.statusCode(), k -> new AtomicLong()).incrementAndGet();
      }
      Thread.sleep(25);
    }
    return ms;
  }

  private static long p99(List<Long> ms) {
    List<Long> sorted = new ArrayList<>(ms);
    Collections.sort(sorted);
    return sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
  }

  private static Future<HttpResponse<Buffer>> login(WebClient http, String user, String password, String address) {
    return http.post("/api/v1/auth/login").putHeader("X-Forwarded-For", address)
        .sendJsonObject(new JsonObject().put("username", user).put("password", password));
  }

  private static Future<?> count(Map<String, AtomicLong> statuses, String what, Future<HttpResponse<Buffer>> f) {
    return f.andThen(r -> statuses.computeIfAbsent(what + " " + (r.succeeded() ? r.result().statusCode() : "failed"),
        k -> new AtomicLong()).incrementAndGet());
  }

  /** Repeats one request after another until the run ends. */
  private static Future<?> loop(AtomicBoolean running, Supplier<Future<?>> step) {
    Promise<Void> done = Promise.promise();
    Runnable[] next = new Runnable[1];
    next[0] = () -> {
      if (!running.get()) {
        done.tryComplete();
        return;
      }
      step.get().onComplete(r -> next[0].run());
    };
    next[0].run();
    return done.future();
  }

  /** A socket sending random frames, 20 every 100 ms, reconnecting after 200 or when closed, until the run ends. */
  private static Future<?> frameFuzz(AtomicBoolean running, Random random) {
    return loop(running, () -> stack.vertx().createWebSocketClient().connect(new WebSocketConnectOptions()
        .setHost("127.0.0.1").setPort(stack.port()).setURI("/ws")).compose(ws -> {
          ws.handler(b -> { });
          Future<?> sent = Future.succeededFuture();
          for (int burst = 0; burst < 10; burst++) {
            sent = sent.compose(v -> {
              for (int i = 0; i < 20 && !ws.isClosed(); i++) {
                ws.writeTextMessage(HostileFrames.frame(random));
              }
              return stack.vertx().timer(100);
            });
          }
          return sent.compose(v -> ws.isClosed() ? Future.succeededFuture() : ws.close());
        }).recover(err -> Future.succeededFuture()));
  }
}
