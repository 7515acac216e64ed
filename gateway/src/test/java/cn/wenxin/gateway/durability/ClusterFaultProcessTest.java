package cn.wenxin.gateway.durability;

import cn.wenxin.gateway.testing.SessionBookings;
import cn.wenxin.infra.testing.TestConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two service processes clustered by Hazelcast on loopback, sharing one MongoDB-wire server and a Redis of the
 * test's own, and three faults: a node killed with SIGKILL mid-conversation (the clients move to the other node and
 * the chat resumes with nothing lost or shown twice), Redis stopped and started again, MongoDB gone and back.
 * The phases run in order on the same nodes; each leaves the survivor healthy for the next.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Two clustered nodes survive a killed node, a Redis outage and a MongoDB outage")
class ClusterFaultProcessTest {

  static final int MESSAGES_EACH = 12;
  static final int KILL_AFTER = 5;
  static final Duration PATIENCE = Duration.ofSeconds(30);
  /** Long enough for every pooled and subscribed Redis connection to have failed and been noticed. */
  static final Duration OUTAGE = Duration.ofSeconds(6);

  static SharedMongo mongo;
  static OwnRedis redis;
  static ServiceProcess nodeA;
  static ServiceProcess nodeB;
  static Vertx vertx;
  static ChatTab student;
  static ChatTab expert;
  static String sessionId;
  static final List<ServiceProcess> started = new ArrayList<>();

  @BeforeAll
  static void cluster() throws Exception {
    mongo = new SharedMongo().start();
    redis = new OwnRedis().start();
    int portA = TestConfig.freePort();
    int portB = TestConfig.freePort();
    String members = "127.0.0.1:" + portA + ",127.0.0.1:" + portB;
    byte[] jwt = new byte[32];
    byte[] master = new byte[96];
    new SecureRandom().nextBytes(jwt);
    new SecureRandom().nextBytes(master);
    JsonObject shared = new JsonObject()
        .put("WENXIN_MONGO_URI", mongo.uri())
        .put("WENXIN_REDIS_URL", redis.url())
        .put("WENXIN_REDIS_NAMESPACE", "wenxin-cluster-test")    // one deployment: the same keys on every node
        .put("WENXIN_DEMO", "true")
        // Every node signs and reads with the same keys, as a deployment's secrets give them.
        .put("WENXIN_JWT_KEYS", "k1:" + Base64.getEncoder().encodeToString(jwt))
        .put("WENXIN_LOCAL_MASTER_KEY", Base64.getEncoder().encodeToString(master))
        .put("WENXIN_CHAT_PER_MINUTE", "1000")
        .put("WENXIN_GATEWAY_INSTANCES", "1")
        .put("WENXIN_CLUSTER", "hazelcast")
        .put("WENXIN_CLUSTER_NAME", "wenxin-test-" + java.util.UUID.randomUUID())
        .put("WENXIN_CLUSTER_MEMBERS", members)
        .put("WENXIN_CLUSTER_FAILURE_SECONDS", "3");
    // B starts as soon as A's Hazelcast member is up (so B joins it rather than forming a cluster of its own),
    // while A is still writing the demo data; only A writes it (the database is one, so B sees it).
    nodeA = node(shared.copy(), portA);
    until(() -> logOf(nodeA).contains("is STARTED"), "node A's cluster member up", Duration.ofSeconds(90));
    nodeB = node(shared.copy().put("WENXIN_DEMO", "false"), portB);
    nodeA.awaitReady();
    nodeB.awaitReady();
    until(() -> logOf(nodeB).contains("Members {size:2"), "node B in A's cluster", Duration.ofSeconds(90));
    vertx = Vertx.vertx();
  }

  private static ServiceProcess node(JsonObject shared, int clusterPort) throws Exception {
    JsonObject env = TestConfig.fresh().mergeIn(shared).put("WENXIN_CLUSTER_PORT", String.valueOf(clusterPort));
    env.remove("WENXIN_MONGO_COMMIT_EACH_WRITE");
    ServiceProcess p = new ServiceProcess(env);
    started.add(p);
    return p.launch();
  }

  @AfterAll
  static void stopAll() throws Exception {
    if (student != null) {
      student.close();
    }
    if (expert != null) {
      expert.close();
    }
    for (ServiceProcess p : started) {
      if (p.process() != null && p.process().isAlive()) {
        p.kill();
      }
    }
    if (vertx != null) {
      vertx.close();
    }
    if (redis != null) {
      redis.close();
    }
    if (mongo != null) {
      mongo.close();
    }
  }

  @Test
  @Order(1)
  @DisplayName("kill -9 of the student's node mid-conversation: both see every message once, numbered 1..n")
  void killedNode() throws Exception {
    assertThat(new JsonObject(nodeA.get("/ready", null).body()).getBoolean("clustered")).isTrue();
    String studentToken = nodeB.signIn("student031");
    String expertToken = nodeA.signIn("expert011");
    MongoClient db = MongoClient.create(vertx, new JsonObject().put("connection_string", mongo.uri())
        .put("db_name", "wenxin"));
    JsonObject booking = SessionBookings.open(db, "stu-031", "exp-011", Duration.ofMinutes(3), "chat", "pseudonym");
    db.close();
    sessionId = new JsonObject(nodeB.get("/api/v1/bookings/" + booking.getString("_id") + "/session",
        studentToken).body()).getString("id");
    HttpResponse<String> joined = nodeB.post("/api/v1/sessions/" + sessionId + "/join", studentToken, new JsonObject());
    assertThat(joined.statusCode()).as(joined.body()).isEqualTo(200);
    HttpResponse<String> admitted = nodeA.post("/api/v1/sessions/" + sessionId + "/admit", expertToken,
        new JsonObject());
    assertThat(admitted.statusCode()).as(admitted.body()).isEqualTo(200);

    // The student on node B, the expert on node A: every message crosses the clustered event bus.
    student = new ChatTab("student", studentToken, sessionId, List.of(nodeB.base, nodeA.base));
    expert = new ChatTab("expert", expertToken, sessionId, List.of(nodeA.base, nodeB.base));
    assertThat(student.connect()).isTrue();
    assertThat(expert.connect()).isTrue();
    for (int i = 1; i <= MESSAGES_EACH; i++) {
      student.say();
      if (i == KILL_AFTER + 1) {
        nodeB.kill();   // the student's message may or may not have been stored: the resend must not double it
      }
      expert.say();
      awaitAcked(student, expert);
    }
    int total = 2 * MESSAGES_EACH;
    until(() -> {
      student.rejoinIfRefused();
      expert.rejoinIfRefused();
      return student.lastSeq() == total && expert.lastSeq() == total;
    }, "both tabs show all " + total + " messages");

    for (ChatTab tab : List.of(student, expert)) {
      assertThat(tab.repeats).as("messages shown twice").isEmpty();
      assertThat(tab.gaps).as("messages skipped").isEmpty();
      assertThat(tab.shown().stream().mapToLong(f -> f.getLong("seq")))
          .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
      List<String> texts = tab.shown().stream().map(f -> f.getString("text")).toList();
      assertThat(texts).doesNotHaveDuplicates().containsAll(student.sent).containsAll(expert.sent);
    }
    assertThat(student.reconnects).as("the student's tab moved to node A").isPositive();
  }

  @Test
  @Order(2)
  @DisplayName("Redis stopped: the node stays up, answers 503 with Retry-After where it needs Redis, recovers alone")
  void redisOutage() throws Exception {
    String token = nodeA.signIn("student032");
    redis.stop();
    long outageStarted = System.nanoTime();
    assertThat(nodeA.get("/health", null).statusCode()).as("the process answers").isEqualTo(200);
    HttpResponse<String> ready = nodeA.get("/ready", null);
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
    assertThat(new JsonObject(ready.body()).getJsonObject("redis").getString("status")).isEqualTo("DOWN");
    assertUnavailable(nodeA.post("/api/v1/auth/login", null,
        new JsonObject().put("username", "student033").put("password", "wenxin-demo-2026")));
    assertUnavailable(nodeA.get("/api/v1/me", token));
    if (student != null) {
      student.say();   // the chat log is on Redis: refused with `unavailable`, kept by the tab, resent later
      until(() -> student.errors.stream().anyMatch(e -> "chat.send".equals(e.getString("ref"))
          && "unavailable".equals(e.getString("code"))), "the chat says it cannot take the message now");
    }
    while (System.nanoTime() - outageStarted < OUTAGE.toNanos()) {
      Thread.sleep(100);   // the outage lasts this long whatever the checks above took
    }

    redis.start();
    until(() -> statusOf(nodeA, "/ready", null) == 200, "ready again after Redis returned");
    assertThat(nodeA.signIn("student033")).isNotBlank();
    assertThat(nodeA.get("/api/v1/me", token).statusCode()).isEqualTo(200);
    if (student != null) {
      awaitAcked(student, expert);
      int total = 2 * MESSAGES_EACH + 1;
      until(() -> student.lastSeq() == total && expert.lastSeq() == total, "the message sent during the outage");
      for (ChatTab tab : List.of(student, expert)) {
        assertThat(tab.repeats).isEmpty();
        assertThat(tab.gaps).isEmpty();
        assertThat(tab.shown().stream().mapToLong(f -> f.getLong("seq")))
            .as("the log kept everything across the outage")
            .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
      }
    }
  }

  @Test
  @Order(3)
  @DisplayName("MongoDB gone: 503 with Retry-After and no 500, nothing half-written; back by itself when it returns")
  void mongoOutage() throws Exception {
    String token = nodeA.signIn("student034");
    String expertId = "exp-003";
    JsonObject profile = new JsonObject(nodeA.get("/api/v1/experts/" + expertId, token).body());
    String start = nodeA.freeSlots(expertId).getString(0);
    JsonObject booking = new JsonObject().put("expertId", expertId).put("start", start)
        .put("mode", profile.getJsonArray("modes").getString(0))
        .put("topic", profile.getJsonArray("specialties").getString(0));

    mongo.stop();
    assertThat(nodeA.get("/health", null).statusCode()).isEqualTo(200);
    HttpResponse<String> ready = nodeA.get("/ready", null);
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(new JsonObject(ready.body()).getJsonObject("mongo").getString("status")).isEqualTo("DOWN");
    assertUnavailable(nodeA.get("/api/v1/experts/" + expertId + "/slots", token));
    assertUnavailable(nodeA.post("/api/v1/bookings", token, booking));

    mongo.start();
    until(() -> statusOf(nodeA, "/ready", null) == 200, "ready again after MongoDB returned");
    assertThat(nodeA.slotAvailable(expertId, start)).as("the refused booking left nothing behind").isTrue();
    HttpResponse<String> booked = nodeA.post("/api/v1/bookings", token, booking);
    assertThat(booked.statusCode()).as(booked.body()).isEqualTo(201);
  }

  /** A clear refusal: 503, Retry-After, a problem with a code; never a 500. */
  static void assertUnavailable(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).isPresent();
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    assertThat(new JsonObject(r.body()).getString("code")).isNotBlank().isNotEqualTo("internal");
  }

  static int statusOf(ServiceProcess p, String path, String token) {
    try {
      return p.get(path, token).statusCode();
    } catch (Exception notAnswering) {
      return -1;
    }
  }

  /** Each tab waits for its acknowledgements, reconnecting and resending as the web client does. */
  private static void awaitAcked(ChatTab... tabs) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    long nextResend = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (System.nanoTime() < deadline) {
      boolean all = true;
      for (ChatTab tab : tabs) {
        if (!tab.open()) {
          tab.keepConnected(PATIENCE);
        }
        tab.rejoinIfRefused();
        all &= tab.acked();
      }
      if (all) {
        return;
      }
      if (System.nanoTime() > nextResend) {
        // An `unavailable` error (a request that went to the dead node before the cluster dropped it) asks for this.
        for (ChatTab tab : tabs) {
          tab.rejoinIfRefused();
          tab.resendUnacked();
        }
        nextResend = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("not acknowledged in " + PATIENCE.toSeconds() + " s; errors: student "
        + student.errors + ", expert " + expert.errors + "\nnode A log:\n" + tail(nodeA));
  }

  static void until(BooleanSupplier condition, String what) throws Exception {
    until(condition, what, PATIENCE);
  }

  static void until(BooleanSupplier condition, String what, Duration patience) throws Exception {
    long deadline = System.nanoTime() + patience.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + patience.toSeconds() + " s: " + what + "\n" + student + "\n" + expert
            + "\nnode A log:\n" + tail(nodeA));
      }
      Thread.sleep(50);
    }
  }

  static String logOf(ServiceProcess p) {
    try {
      return Files.readString(p.log);
    } catch (Exception e) {
      return "";
    }
  }

  static String tail(ServiceProcess p) {
    try {
      List<String> lines = Files.readAllLines(p.log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (Exception e) {
      return e.toString();
    }
  }

}
