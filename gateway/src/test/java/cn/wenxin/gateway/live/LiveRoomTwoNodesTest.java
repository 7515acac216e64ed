package cn.wenxin.gateway.live;

import cn.wenxin.gateway.testing.TestStack;
import cn.wenxin.infra.testing.TestConfig;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A livestream room across two nodes (two whole services in one JVM on a clustered event bus, sharing one MongoDB
 * and one Redis namespace, as a deployment with WENXIN_CLUSTER=hazelcast): viewers on both nodes see the total
 * number of people, each count is published once (not once per node), and the watch time of a person whose tab
 * moves from one node to the other is recorded once, as one unbroken stretch.
 */
@DisplayName("A livestream room spread over two nodes")
class LiveRoomTwoNodesTest {

  private static final String STREAM = "ls-demo-now";

  @Test
  @DisplayName("both nodes' viewers see the total; a viewer moving between nodes is counted and recorded once")
  void oneRoomAcrossTwoNodes() throws Exception {
    int mongoPort = TestConfig.freePort();
    MongoServer mongo = new MongoServer(new H2Backend(
        Files.createTempDirectory("wenxin-two-nodes").resolve("mongo.mv.db").toString()));
    mongo.bind("127.0.0.1", mongoPort);
    int portA = TestConfig.freePort();
    int portB = TestConfig.freePort();
    byte[] jwt = new byte[32];
    byte[] master = new byte[96];
    new SecureRandom().nextBytes(jwt);
    new SecureRandom().nextBytes(master);
    JsonObject shared = new JsonObject()
        .put("WENXIN_MONGO_URI", "mongodb://127.0.0.1:" + mongoPort)
        .put("WENXIN_REDIS_NAMESPACE", "wenxin-two-nodes-" + java.util.UUID.randomUUID())
        .put("WENXIN_DEMO_PASSWORD", TestStack.DEMO_PASSWORD)
        .put("WENXIN_JWT_KEYS", "k1:" + Base64.getEncoder().encodeToString(jwt))
        .put("WENXIN_LOCAL_MASTER_KEY", Base64.getEncoder().encodeToString(master))
        .put("WENXIN_GATEWAY_INSTANCES", "1")
        .put("WENXIN_CLUSTER", "hazelcast")
        .put("WENXIN_CLUSTER_NAME", "wenxin-test-" + java.util.UUID.randomUUID())
        .put("WENXIN_CLUSTER_MEMBERS", "127.0.0.1:" + portA + ",127.0.0.1:" + portB)
        .put("WENXIN_CLUSTER_FAILURE_SECONDS", "3");
    // Only A writes the demo data; the database is one, so B sees it.
    TestStack a = TestStack.start(shared.copy().put("WENXIN_DEMO", "true").put("WENXIN_CLUSTER_PORT", "" + portA));
    TestStack b = TestStack.start(shared.copy().put("WENXIN_DEMO", "false").put("WENXIN_CLUSTER_PORT", "" + portB));
    MongoClient db = MongoClient.create(a.vertx(), new JsonObject()
        .put("connection_string", "mongodb://127.0.0.1:" + mongoPort).put("db_name", "wenxin"));
    try {
      LiveRoomClient host = new LiveRoomClient(a, a.token("expert001"));
      assertThat(host.post("/livestreams/" + STREAM + "/start", new JsonObject()).statusCode()).isEqualTo(200);
      host.join(STREAM);
      LiveRoomClient studentOnA = new LiveRoomClient(a, a.token("student001"));
      studentOnA.join(STREAM);
      LiveRoomClient parentOnB = new LiveRoomClient(b, b.token("parent001"));
      parentOnB.join(STREAM);
      LiveRoomClient student2OnB = new LiveRoomClient(b, b.token("student002"));
      student2OnB.join(STREAM);
      long parentJoined = System.currentTimeMillis();

      // Four people, two on each node: everyone sees 4, whichever node they are on and whichever published it.
      for (LiveRoomClient c : List.of(host, studentOnA, parentOnB, student2OnB)) {
        c.frame(count(4));
      }
      assertThat(b.http().get("/api/v1/livestreams/" + STREAM).bearerTokenAuthentication(parentOnB.token).send()
          .toCompletionStage().toCompletableFuture().get().bodyAsJsonObject().getInteger("watching")).isEqualTo(4);

      // The parent's tab moves from B to A (a reconnect to the other node): a second tab opens on A, the first one
      // closes on B. The person was never gone: still four, one stretch of watching.
      Thread.sleep(1500);
      LiveRoomClient parentOnA = new LiveRoomClient(a, a.token("parent001"));
      parentOnA.join(STREAM);
      parentOnB.close();
      Thread.sleep(2500);
      assertThat(await(db.findOne("live_attendance", new JsonObject().put("_id", STREAM + "|par-001"), null)))
          .as("nothing is written while the person is still in the room on another node").isNull();

      // One viewer leaves on B: both nodes see 3.
      student2OnB.close();
      studentOnA.frame(count(3));
      host.frame(count(3));

      // The host ends the stream on A: the parent's one stretch is written once, about as long as they watched.
      Thread.sleep(1000);
      assertThat(host.post("/livestreams/" + STREAM + "/end", new JsonObject()).statusCode()).isEqualTo(200);
      long watched = (System.currentTimeMillis() - parentJoined) / 1000;
      JsonObject parent = until(db, STREAM + "|par-001");
      assertThat(parent.getInteger("visits")).as("one stretch, however many tabs and nodes").isEqualTo(1);
      assertThat(parent.getLong("seconds")).isBetween(watched - 2, watched + 1);
      JsonObject student2 = until(db, STREAM + "|stu-002");
      assertThat(student2.getInteger("visits")).isEqualTo(1);
      Thread.sleep(2000);
      assertThat(await(db.findOne("live_attendance", new JsonObject().put("_id", STREAM + "|par-001"), null))
          .getInteger("visits")).as("no node records it again").isEqualTo(1);

      // Each count was published once per change, not once per node: no viewer got the same count twice in a row.
      for (LiveRoomClient c : List.of(host, studentOnA)) {
        List<Integer> counts = c.seen.stream().filter(m -> "live.count".equals(m.getString("type")))
            .map(m -> m.getInteger("watching")).toList();
        for (int i = 1; i < counts.size(); i++) {
          assertThat(counts.get(i)).as("counts seen: %s", counts).isNotEqualTo(counts.get(i - 1));
        }
      }
    } finally {
      b.close();
      a.close();
      mongo.shutdownNow();
    }
  }

  private static Predicate<JsonObject> count(int n) {
    return m -> "live.count".equals(m.getString("type")) && m.getInteger("watching") == n;
  }

  private static JsonObject until(MongoClient db, String id) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      JsonObject doc = await(db.findOne("live_attendance", new JsonObject().put("_id", id), null));
      if (doc != null) {
        return doc;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no attendance for " + id);
  }
}
