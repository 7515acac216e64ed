package cn.wenxin.gateway.realtime;

import cn.wenxin.gateway.testing.HostileFrames;
import cn.wenxin.gateway.testing.LogCapture;
import cn.wenxin.gateway.testing.TestStack;
import cn.wenxin.gateway.testing.WsClient;
import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.security.AccessTokens;
import cn.wenxin.infra.security.Role;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The real-time channel answers every odd frame, keeps its limits and stays quiet in the log")
class RealtimeHardeningTest {

  static final String KEYS = AccessTokens.newKeySpec("k-hardening");
  static TestStack stack;
  static String token;

  @BeforeAll
  static void start() {
    stack = TestStack.start(new JsonObject().put("WENXIN_DEMO", "true")
        .put("WENXIN_DEMO_PASSWORD", TestStack.DEMO_PASSWORD).put("WENXIN_TRUST_FORWARDED_HEADERS", "true")
        .put("WENXIN_WS_PER_USER", "3").put("WENXIN_WS_PER_ADDRESS", "20").put("WENXIN_WS_IDLE_SECONDS", "3")
        .put("WENXIN_JWT_KEYS", KEYS));
    token = stack.token("student070");
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  static WsClient hello(String accessToken) {
    WsClient c = WsClient.connect(stack);
    c.send(new JsonObject().put("type", "hello").put("token", accessToken));
    assertThat(c.next().getString("type")).isEqualTo("welcome");
    return c;
  }

  @Test
  @DisplayName("a null type, a text resumeAfter and an array are bad_message; a good hello after them is welcomed")
  void oddFramesAnswered() {
    try (LogCapture log = LogCapture.begin()) {
      WsClient c = WsClient.connect(stack);
      for (String odd : List.of("{\"type\":null}", "[1,2]", "\"hello\"", "{\"type\":7}",
          "{\"type\":\"hello\",\"token\":\"" + token + "\",\"resumeAfter\":\"abc\"}",
          "{\"type\":\"hello\",\"token\":null}")) {
        c.sendText(odd);
        assertThat(c.next().getString("code")).as(odd).isEqualTo("bad_message");
      }
      c.send(new JsonObject().put("type", "hello").put("token", token).put("resumeAfter", 0));
      assertThat(c.next().getString("type")).isEqualTo("welcome");
      assertThat(log.errorsAndStacks()).isEmpty();
    }
  }

  @Test
  @DisplayName("auth before hello is refused with 4401 instead of escaping the hello deadline")
  void authBeforeHello() {
    WsClient c = WsClient.connect(stack);
    c.send(new JsonObject().put("type", "auth").put("token", token));
    assertThat(c.next().getString("code")).isEqualTo("unauthenticated");
    assertThat(c.closeCode(5)).isEqualTo(4401);
  }

  @Test
  @DisplayName("pings without a hello do not keep a connection past the 10 s hello deadline")
  void helloDeadline() throws Exception {
    WsClient c = WsClient.connect(stack);
    for (int i = 0; i < 11; i++) {
      Thread.sleep(1_000);
      if (c.ws().isClosed()) {
        break;
      }
      c.ws().writeTextMessage("{\"type\":\"ping\"}");
    }
    assertThat(c.closeCode(5)).isEqualTo(4401);
  }

  @Test
  @DisplayName("presence is written once on hello and refreshed in batches: a ping costs no Redis call")
  void pingCostsNoRedisCall() throws Exception {
    WsClient c = hello(stack.token("student075"));
    RedisAPI redis = RedisAPI.api(Redis.createClient(stack.vertx(), stack.config().getString("WENXIN_REDIS_URL")));
    String key = stack.config().getString("WENXIN_REDIS_NAMESPACE") + ":presence:stu-075";
    Thread.sleep(1_500);
    // Two rounds: the node's own batch refresh (every 25 s) may fall into one of them, never into both.
    int untouched = 0;
    for (int round = 0; round < 2; round++) {
      long before = await(redis.pttl(key)).toLong();
      assertThat(before).as("online within a second of hello").isPositive();
      for (int i = 0; i < 5; i++) {
        c.send(new JsonObject().put("type", "ping"));
        assertThat(c.next().getString("type")).isEqualTo("pong");
      }
      Thread.sleep(300);
      long after = await(redis.pttl(key)).toLong();
      assertThat(after).isPositive();
      untouched += after <= before ? 1 : 0;
    }
    assertThat(untouched).as("rounds in which pings did not refresh presence").isPositive();
    redis.close();
    c.ws().close();
  }

  @Test
  @DisplayName("a connection from which nothing is heard is closed 1001 after the idle time")
  void idleClose() {
    WsClient c = hello(stack.token("student071"));
    assertThat(c.closeCode(8)).isEqualTo(1001);
  }

  @Test
  @DisplayName("a connection whose access token expires without an auth renewal is told so and closed 4401")
  void tokenExpiry() throws Exception {
    String shortLived = new AccessTokens(AccessTokens.parse(KEYS), WenxinConfig.from(stack.config()).auth().issuer(),
        Duration.ofSeconds(2)).issue("stu-073", Role.STUDENT, false, "学生073", UUID.randomUUID().toString());
    WsClient c = hello(shortLived);
    long welcomed = System.nanoTime();
    String detail = null;
    Integer closed = null;
    // Kept heard from, so that the idle limit (3 s here) is not what closes it.
    while (closed == null && System.nanoTime() - welcomed < 8_000_000_000L) {
      if (!c.ws().isClosed()) {
        c.ws().writeTextMessage("{\"type\":\"ping\"}");
      }
      JsonObject m = c.next(1);
      if (m != null && "error".equals(m.getString("type"))) {
        detail = m.getString("detail");
      } else if (m != null && m.containsKey("closed")) {
        closed = m.getInteger("closed");
      } else {
        Thread.sleep(400);
      }
    }
    assertThat(detail).contains("expired");
    assertThat(closed).isEqualTo(4401);
    assertThat((System.nanoTime() - welcomed) / 1_000_000).as("closed within a tick of the expiry").isLessThan(3_500);
  }

  @Test
  @DisplayName("a frame over 64 KiB is closed with 1009")
  void oversized() {
    WsClient c = hello(stack.token("student072"));
    c.sendText(new JsonObject().put("type", "ping").put("pad", "x".repeat(100 * 1024)).encode());
    assertThat(c.closeCode(5)).isEqualTo(1009);
  }

  @Test
  @DisplayName("one person holds at most the configured sockets; the next is closed 4429")
  void perUserCap() {
    String t = stack.token("student073");
    List<WsClient> open = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      open.add(hello(t));
    }
    WsClient fourth = WsClient.connect(stack);
    fourth.send(new JsonObject().put("type", "hello").put("token", t));
    assertThat(fourth.next().getString("code")).isEqualTo("too_many_connections");
    assertThat(fourth.closeCode(5)).isEqualTo(4429);
    open.forEach(c -> c.ws().close());
  }

  @Test
  @DisplayName("one address holds at most the configured sockets; the next upgrade is refused")
  void perAddressCap() {
    List<WsClient> open = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      open.add(WsClient.connect(stack, new WebSocketConnectOptions().addHeader("X-Forwarded-For", "10.70.0.1")));
    }
    Throwable refused = stack.vertx().createWebSocketClient().connect(new WebSocketConnectOptions()
            .setHost("127.0.0.1").setPort(stack.port()).setURI("/ws").addHeader("X-Forwarded-For", "10.70.0.1"))
        .toCompletionStage().toCompletableFuture().handle((ok, err) -> err).join();
    assertThat(refused).isNotNull();
    open.forEach(c -> c.ws().close());
    WsClient other = WsClient.connect(stack, new WebSocketConnectOptions().addHeader("X-Forwarded-For", "10.70.0.2"));
    other.ws().close();
  }

  @Test
  @DisplayName("fuzz: 600 random frames each get a defined answer, the channel lives on, the log has no ERROR")
  void frameFuzz() {
    Random random = new Random(8);
    try (LogCapture log = LogCapture.begin()) {
      WsClient c = hello(stack.token("student074"));
      int closes = 0;
      for (int i = 0; i < 600; i++) {
        c.sendText(HostileFrames.frame(random));
        c.send(new JsonObject().put("type", "ping"));
        JsonObject answer;
        do {
          answer = c.next();
        } while (!"pong".equals(answer.getString("type")) && !answer.containsKey("closed"));
        if (answer.containsKey("closed")) {
          assertThat(answer.getInteger("closed")).as("frame %d", i).isIn(4401, 1009);
          closes++;
          c = hello(stack.token("student074"));
        }
      }
      assertThat(closes).isLessThan(600);
      assertThat(log.errorsAndStacks()).isEmpty();
    }
  }

  @Test
  @DisplayName("a browser's offer of per-message deflate is declined: no zlib state per socket, frames encoded once")
  void noCompressionPerSocket() {
    io.vertx.core.http.WebSocketClient client = stack.vertx().createWebSocketClient(
        new io.vertx.core.http.WebSocketClientOptions().setTryUsePerMessageCompression(true));
    try {
      io.vertx.core.http.WebSocket ws = await(client.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
          .setPort(stack.port()).setURI("/ws")));
      assertThat(ws.headers().get("Sec-WebSocket-Extensions")).isNull();
      ws.writeTextMessage(new JsonObject().put("type", "hello").put("token", token).encode());
      io.vertx.core.Promise<String> first = io.vertx.core.Promise.promise();
      ws.textMessageHandler(first::tryComplete);
      assertThat(new JsonObject(await(first.future())).getString("type")).isEqualTo("welcome");
      await(ws.close());
    } finally {
      await(client.close());
    }
  }
}
