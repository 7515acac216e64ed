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
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two service processes clustered by Hazelcast on loopback, sharing one MongoDB-wire server and a Redis of the
 * test's own, and four faults, in order on the same processes: a livestream viewer whose socket stops reading (the
 * room's other viewers on both nodes keep getting every update within a second; it is dropped and catches up from a
 * snapshot), Redis stopped for 30 s while a chat crosses the nodes (every request answers at once, signed-in reads
 * are served, the chat says it cannot store now, all comes back by itself with nothing lost or doubled), a node
 * killed with SIGKILL mid-conversation (the clients move to the other node and the chat resumes with nothing lost or shown twice;
 * requests to the survivor are answered at once meanwhile), MongoDB gone and back on the survivor.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 240, unit = TimeUnit.SECONDS)   // each phase and the start of both nodes; they end, whatever happens
@DisplayName("Two clustered nodes survive a killed node, a Redis outage and a MongoDB outage")
class ClusterFaultProcessTest {

  static final int MESSAGES_EACH = 12;
  static final int KILL_AFTER = 5;
  static final Duration PATIENCE = Duration.ofSeconds(30);
  /** As long as the issue asks: every pooled and subscribed connection fails, and retries give up and start over. */
  static final Duration OUTAGE = Duration.ofSeconds(30);
  static final String STREAM = "ls-demo-now";
  static final int FAST_VIEWERS = 6;
  static final int UPDATES = 30;
  static long maxLatencyMs;
  static long slowestDuringOutageMs;
  static long slowestAfterKillMs;
  static long redisRecoveredAfterMs;
  static String outageAnswers;

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
        .put("WENXIN_LIVE_CHAT_PER_MINUTE", "1000")
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
    System.out.printf("cluster faults: fast viewers' worst latency %d ms; slowest answer during the Redis outage %d ms;"
        + " requests during it: %s; Redis recovery after its return %d ms; slowest answer right after the kill %d ms%n",
        maxLatencyMs, slowestDuringOutageMs, outageAnswers, redisRecoveredAfterMs, slowestAfterKillMs);
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
  @DisplayName("one stalled viewer of a livestream never holds the room back; it is dropped and catches up")
  void stalledViewer() throws Exception {
    String hostToken = nodeA.signIn("expert001");
    HttpResponse<String> started = nodeA.post("/api/v1/livestreams/" + STREAM + "/start", hostToken, new JsonObject());
    assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
    List<LiveViewer> fast = new ArrayList<>();
    for (int i = 1; i <= FAST_VIEWERS; i++) {
      ServiceProcess node = i % 2 == 0 ? nodeA : nodeB;   // half the room on each node
      fast.add(new LiveViewer(node.signIn(String.format("parent%03d", 40 + i)), node.base).join());
    }
    // A room with a full backlog: every snapshot carries the last 50 lines, long ones.
    ExecutorService posters = Executors.newFixedThreadPool(5);
    try {
      List<Future<?>> backlog = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        String text = "背景" + i + " " + "同学们好，欢迎来到直播答疑，今天我们聊一聊开学季的情绪。".repeat(10);
        backlog.add(posters.submit(() -> {
          roomChat(hostToken, text);
          return null;
        }));
      }
      for (Future<?> f : backlog) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      posters.shutdownNow();
    }
    StalledSocket stalled = new StalledSocket().connect(nodeB.base);
    try {
      stalled.send(new JsonObject().put("type", "hello").put("token", nodeB.signIn("student041")));
      JsonObject welcome;
      do {
        welcome = stalled.next();
      } while (welcome != null && !"welcome".equals(welcome.getString("type")));
      assertThat(welcome).isNotNull();
      // Its tab asks for the snapshot again and again and then stops reading: the answers (about 5.5 MB; loopback's
      // buffers take about 3 MB) fill the kernel's buffers on both ends and then the node's write queue.
      for (int i = 0; i < 120; i++) {
        stalled.send(new JsonObject().put("type", "live.join").put("streamId", STREAM));
      }
      Thread.sleep(2_000);   // the snapshots asked for are served meanwhile
      List<Long> posted = new ArrayList<>();
      for (int i = 0; i < UPDATES; i++) {
        roomChat(hostToken, "更新" + i);
        posted.add(System.nanoTime());   // the host's post is answered once the update is published
      }
      for (int i = 0; i < UPDATES; i++) {
        String text = "更新" + i;
        for (LiveViewer v : fast) {
          until(() -> v.arrived.containsKey(text), "every fast viewer got " + text, Duration.ofSeconds(5));
          long latencyMs = Math.max(0, (v.arrived.get(text) - posted.get(i)) / 1_000_000);
          maxLatencyMs = Math.max(maxLatencyMs, latencyMs);
          assertThat(latencyMs).as(text + " reached a fast viewer in (ms)").isLessThan(1_000);
        }
      }
      for (LiveViewer v : fast) {
        assertThat(v.texts.stream().filter(t -> t.startsWith("更新")).toList()).as("in order, once each")
            .containsExactlyElementsOf(IntStream.range(0, UPDATES).mapToObj(i -> "更新" + i)
                .toList());
      }

      // The stalled tab reads again: what was queued, then `live.lagged` (it was dropped from the feed), and from
      // a fresh snapshot it has the room as it is now, then live updates again.
      List<String> beforeLagged = new ArrayList<>();
      JsonObject f;
      while ((f = stalled.next()) != null && !"live.lagged".equals(f.getString("type"))) {
        if ("live.chat".equals(f.getString("type"))) {
          beforeLagged.add(f.getJsonObject("message").getString("text"));
        }
      }
      assertThat(f).as("told it fell behind").isNotNull();
      assertThat(beforeLagged).as("not every update was queued for the stalled socket").doesNotContain(
          "更新" + (UPDATES - 1));
      stalled.send(new JsonObject().put("type", "live.join").put("streamId", STREAM));
      JsonObject snapshot;
      do {
        snapshot = stalled.next();
      } while (snapshot != null && !"live.joined".equals(snapshot.getString("type")));
      assertThat(snapshot).isNotNull();
      assertThat(snapshot.getJsonArray("chat").stream().map(o -> ((JsonObject) o).getString("text")).toList())
          .as("the snapshot has the room as it is").contains("更新" + (UPDATES - 1));
      roomChat(hostToken, "回来了");
      JsonObject live;
      do {
        live = stalled.next();
      } while (live != null && !("live.chat".equals(live.getString("type"))
          && "回来了".equals(live.getJsonObject("message").getString("text"))));
      assertThat(live).as("live updates again after the rejoin").isNotNull();
    } finally {
      stalled.close();
      fast.forEach(LiveViewer::close);
    }
  }

  @Test
  @Order(2)
  @DisplayName("Redis stopped for 30 s: chat across the nodes says it cannot store now, every request answers at once"
      + " (signed-in reads served, others 503 with Retry-After), and all recovers by itself with nothing lost or doubled")
  void redisOutage() throws Exception {
    openChat();
    String token = nodeA.signIn("student032");
    String expertId = "exp-003";
    JsonObject booking = bookingOf(nodeA, token, expertId);
    redis.stop();
    long outageStarted = System.nanoTime();
    List<String> wrong = new ArrayList<>();
    int[] answered = new int[2];   // [accepted, refused 503]
    String bookedId = null;
    boolean bookingTried = false;
    long nextResend = 0;
    student.say();
    expert.say();
    // For the whole outage, the person's-eye checks go round both nodes; no sleeping through it.
    for (int round = 0; System.nanoTime() - outageStarted < OUTAGE.toNanos(); round++) {
      ServiceProcess node = round % 2 == 0 ? nodeA : nodeB;
      check(wrong, "health", timed(() -> node.get("/health", null)), 200);
      HttpResponse<String> ready = timed(() -> node.get("/ready", null));
      // Still in rotation (what it serves, it serves), and saying what is missing.
      check(wrong, "ready", ready, 200);
      if (ready.statusCode() == 200 && (!"DEGRADED".equals(new JsonObject(ready.body()).getString("status"))
          || !"DOWN".equals(new JsonObject(ready.body()).getJsonObject("redis").getString("status")))) {
        wrong.add("ready does not say degraded for Redis: " + ready.body());
      }
      answered[okOrUnavailable(wrong, "sign-in", timed(() -> node.post("/api/v1/auth/login", null,
          new JsonObject().put("username", "student033").put("password", "wenxin-demo-2026"))))]++;
      // A token is checked against the node's own copy of the ended sign-ins: signed-in reads are served.
      for (String path : List.of("/api/v1/me", "/api/v1/experts/" + expertId)) {
        HttpResponse<String> read = timed(() -> node.get(path, token));
        check(wrong, path, read, 200);
        answered[okOrUnavailable(wrong, path, read)]++;
      }
      if (!bookingTried && System.nanoTime() - outageStarted > Duration.ofSeconds(10).toNanos()) {
        bookingTried = true;   // once every connection to Redis has surely failed
        HttpResponse<String> b = timed(() -> node.post("/api/v1/bookings", token, booking));
        answered[okOrUnavailable(wrong, "booking", b)]++;
        bookedId = b.statusCode() == 201 ? new JsonObject(b.body()).getString("id") : null;
      }
      if (System.nanoTime() > nextResend) {
        // What the web client does on `unavailable`: keeps the message and tries it again.
        for (ChatTab tab : List.of(student, expert)) {
          if (!tab.open()) {
            tab.keepConnected(Duration.ofSeconds(3));
          }
          tab.rejoinIfRefused();
          tab.resendUnacked();
        }
        nextResend = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      }
      Thread.sleep(300);
    }
    assertThat(wrong).as("answers during the Redis outage").isEmpty();
    for (ChatTab tab : List.of(student, expert)) {
      assertThat(tab.acked()).as(tab + ": nothing was taken without Redis to store it").isFalse();
      assertThat(tab.errors).as("the chat said why").isNotEmpty()
          .allSatisfy(e -> assertThat(e.getString("code")).isEqualTo("unavailable"));
    }
    assertThat(bookingTried).isTrue();
    outageAnswers = answered[0] + " served, " + answered[1] + " refused 503 (booking "
        + (bookedId != null ? "taken" : "refused") + ")";

    redis.start();
    for (ServiceProcess node : List.of(nodeA, nodeB)) {
      until(() -> "UP".equals(readyStatus(node)), node.base + " ready again after Redis returned");
    }
    assertThat(nodeB.signIn("student033")).isNotBlank();
    assertThat(nodeA.get("/api/v1/me", token).statusCode()).isEqualTo(200);
    if (bookedId != null) {
      assertThat(nodeA.get("/api/v1/bookings/" + bookedId, token).statusCode()).as("taken while Redis was away")
          .isEqualTo(200);
    } else {
      assertThat(nodeA.slotAvailable(expertId, booking.getString("start"))).as("the refused booking left nothing")
          .isTrue();
    }
    awaitAcked(student, expert);
    student.say();
    expert.say();
    awaitAcked(student, expert);
    int total = 6;   // two before the outage, two taken during it, two after
    until(() -> student.lastSeq() == total && expert.lastSeq() == total, "both see the messages of the outage");
    assertWholeLog(total);
    redisRecoveredAfterMs = (System.nanoTime() - outageStarted) / 1_000_000 - OUTAGE.toMillis();
  }

  @Test
  @Order(3)
  @DisplayName("kill -9 of the student's node mid-conversation: both see every message once, numbered 1..n; "
      + "requests to the survivor answer at once meanwhile")
  void killedNode() throws Exception {
    int before = (int) student.lastSeq();
    String token = nodeA.signIn("student035");
    for (int i = 1; i <= MESSAGES_EACH; i++) {
      student.say();
      if (i == KILL_AFTER + 1) {
        nodeB.kill();   // the student's message may or may not have been stored: the resend must not double it
        // Meanwhile the survivor still believes in the dead node's handlers for a moment (until the cluster drops
        // it): a request it routes there must be refused at once, not after the bus timeout.
        for (int r = 0; r < 12; r++) {
          long t0 = System.nanoTime();
          HttpResponse<String> me = nodeA.get("/api/v1/experts/exp-003", token);
          long ms = (System.nanoTime() - t0) / 1_000_000;
          slowestAfterKillMs = Math.max(slowestAfterKillMs, ms);
          List<String> wrong = new ArrayList<>();
          okOrUnavailable(wrong, "a request right after the kill", me);
          assertThat(wrong).isEmpty();
          // Not the bus's 15 s timeout: the cluster drops the node within WENXIN_CLUSTER_FAILURE_SECONDS, and what
          // was asked of it is refused two seconds later (PeerLoss).
          assertThat(ms).as("answered (or refused) within").isLessThan(8_000);
        }
      }
      expert.say();
      awaitAcked(student, expert);
    }
    int total = before + 2 * MESSAGES_EACH;
    until(() -> {
      student.rejoinIfRefused();
      expert.rejoinIfRefused();
      return student.lastSeq() == total && expert.lastSeq() == total;
    }, "both tabs show all " + total + " messages");
    assertWholeLog(total);
    assertThat(student.reconnects).as("the student's tab moved to node A").isPositive();
  }

  @Test
  @Order(4)
  @DisplayName("MongoDB gone: 503 with Retry-After and no 500, nothing half-written; back by itself when it returns")
  void mongoOutage() throws Exception {
    String token = nodeA.signIn("student034");
    String expertId = "exp-003";
    JsonObject booking = bookingOf(nodeA, token, expertId);
    String start = booking.getString("start");

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

  /** The student on node B, the expert on node A: every message crosses the clustered event bus. */
  private static void openChat() throws Exception {
    String studentToken = nodeB.signIn("student031");
    String expertToken = nodeA.signIn("expert011");
    MongoClient db = MongoClient.create(vertx, new JsonObject().put("connection_string", mongo.uri())
        .put("db_name", "wenxin"));
    JsonObject booking = SessionBookings.open(db, "stu-031", "exp-011", Duration.ofMinutes(5), "chat", "pseudonym");
    db.close();
    sessionId = new JsonObject(nodeB.get("/api/v1/bookings/" + booking.getString("_id") + "/session",
        studentToken).body()).getString("id");
    HttpResponse<String> joined = nodeB.post("/api/v1/sessions/" + sessionId + "/join", studentToken, new JsonObject());
    assertThat(joined.statusCode()).as(joined.body()).isEqualTo(200);
    HttpResponse<String> admitted = nodeA.post("/api/v1/sessions/" + sessionId + "/admit", expertToken,
        new JsonObject());
    assertThat(admitted.statusCode()).as(admitted.body()).isEqualTo(200);
    student = new ChatTab("student", studentToken, sessionId, List.of(nodeB.base, nodeA.base));
    expert = new ChatTab("expert", expertToken, sessionId, List.of(nodeA.base, nodeB.base));
    assertThat(student.connect()).isTrue();
    assertThat(expert.connect()).isTrue();
    student.say();
    expert.say();
    awaitAcked(student, expert);
  }

  /** Both tabs show 1..total, each once, and every text either of them sent. */
  private static void assertWholeLog(int total) {
    for (ChatTab tab : List.of(student, expert)) {
      assertThat(tab.repeats).as("messages shown twice").isEmpty();
      assertThat(tab.gaps).as("messages skipped").isEmpty();
      assertThat(tab.shown().stream().mapToLong(f -> f.getLong("seq")))
          .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
      List<String> texts = tab.shown().stream().map(f -> f.getString("text")).toList();
      assertThat(texts).doesNotHaveDuplicates().containsAll(student.sent).containsAll(expert.sent);
    }
  }

  private static JsonObject bookingOf(ServiceProcess node, String token, String expertId) throws Exception {
    JsonObject profile = new JsonObject(node.get("/api/v1/experts/" + expertId, token).body());
    node.viewer = token;
    String start = node.freeSlots(expertId).getString(0);
    return new JsonObject().put("expertId", expertId).put("start", start)
        .put("mode", profile.getJsonArray("modes").getString(0))
        .put("topic", profile.getJsonArray("specialties").getString(0));
  }

  private static void roomChat(String hostToken, String text) throws Exception {
    HttpResponse<String> r = nodeA.post("/api/v1/livestreams/" + STREAM + "/chat", hostToken,
        new JsonObject().put("text", text));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  interface Call {
    HttpResponse<String> run() throws Exception;
  }

  /** A request that must be answered promptly: a refusal is fine, waiting for a timeout is not. */
  private static HttpResponse<String> timed(Call call) throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<String> r = call.run();
    long ms = (System.nanoTime() - t0) / 1_000_000;
    slowestDuringOutageMs = Math.max(slowestDuringOutageMs, ms);
    if (ms > 3_000) {
      throw new AssertionError(r.uri() + " took " + ms + " ms: " + r.statusCode() + " " + r.body());
    }
    return r;
  }

  private static void check(List<String> wrong, String what, HttpResponse<String> r, int status) {
    if (r.statusCode() != status) {
      wrong.add(what + ": " + r.statusCode() + " " + r.body());
    }
  }

  /** 0 when it worked, 1 when it was a clear refusal (503, Retry-After, a problem with a code); else noted. */
  private static int okOrUnavailable(List<String> wrong, String what, HttpResponse<String> r) {
    if (r.statusCode() < 300) {
      return 0;
    }
    try {
      assertUnavailable(r);
    } catch (AssertionError e) {
      wrong.add(what + ": " + e.getMessage());
    }
    return 1;
  }

  /** One viewer that keeps up, over java.net.http's WebSocket: when each room chat line arrived. */
  static final class LiveViewer {
    final String token;
    final String base;
    final Map<String, Long> arrived = new ConcurrentHashMap<>();
    final List<String> texts = Collections.synchronizedList(new ArrayList<>());
    final CompletableFuture<JsonObject> joined = new CompletableFuture<>();
    WebSocket ws;

    LiveViewer(String token, String base) {
      this.token = token;
      this.base = base;
    }

    LiveViewer join() throws Exception {
      ws = HttpClient.newHttpClient().newWebSocketBuilder()
          .buildAsync(URI.create(base.replace("http://", "ws://") + "/ws"), new WebSocket.Listener() {
            final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data,
                                                                  boolean last) {
              text.append(data);
              if (last) {
                JsonObject f = new JsonObject(text.toString());
                text.setLength(0);
                switch (f.getString("type", "")) {
                  case "welcome" -> w.sendText(new JsonObject().put("type", "live.join").put("streamId", STREAM)
                      .encode(), true);
                  case "live.joined" -> joined.complete(f);
                  case "live.chat" -> {
                    String t = f.getJsonObject("message").getString("text");
                    arrived.putIfAbsent(t, System.nanoTime());
                    texts.add(t);
                  }
                  case "live.lagged", "error" -> joined.completeExceptionally(new AssertionError(f.encode()));
                  default -> {
                  }
                }
              }
              w.request(1);
              return null;
            }
          }).get(5, TimeUnit.SECONDS);
      ws.sendText(new JsonObject().put("type", "hello").put("token", token).encode(), true).get(5,
          TimeUnit.SECONDS);
      joined.get(10, TimeUnit.SECONDS);
      return this;
    }

    void close() {
      if (ws != null) {
        ws.abort();
      }
    }
  }

  /** A clear refusal: 503, Retry-After, a problem with a code; never a 500. */
  static void assertUnavailable(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).isPresent();
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    assertThat(new JsonObject(r.body()).getString("code")).isNotBlank().isNotEqualTo("internal");
  }

  static String readyStatus(ServiceProcess p) {
    try {
      return new JsonObject(p.get("/ready", null).body()).getString("status");
    } catch (Exception notAnswering) {
      return null;
    }
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
