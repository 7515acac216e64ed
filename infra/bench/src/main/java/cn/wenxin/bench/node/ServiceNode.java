package cn.wenxin.bench.node;

import cn.wenxin.consult.consent.Guardianship;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.gateway.Wenxin;
import cn.wenxin.infra.cluster.Nodes;
import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.launch.ServiceLauncher;
import cn.wenxin.infra.mongo.Mongo;
import cn.wenxin.infra.security.AccessTokens;
import cn.wenxin.infra.security.Role;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.MongoClient;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The service under test, in its own JVM exactly as {@code Wenxin.main} runs it (same Vert.x options, same deploy
 * order, embedded MongoDB-wire server on a fresh data directory, the real Redis), plus the harness's control line:
 * bench students and their tokens, the driver-level ceilings measured against the same embedded database from the
 * same JVM, and an audit of every booking for overlaps.
 */
public final class ServiceNode {

  private ServiceNode() {
  }

  public static void main(String[] args) throws Exception {
    JsonObject config = ServiceLauncher.envConfig();
    // Clustered when WENXIN_CLUSTER says so (the two-node scenario), as Wenxin.main would be.
    Vertx vertx = Nodes.start(Wenxin.vertxOptions(), config).toCompletionStage().toCompletableFuture()
        .get(2, TimeUnit.MINUTES);
    try {
      Wenxin.deploy(vertx, config).toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
    } catch (Exception e) {
      System.err.println("Wenxin failed to start: " + e);
      vertx.close();
      System.exit(1);
    }
    WenxinConfig typed = WenxinConfig.from(config);
    MongoClient mongo = Mongo.client(vertx, typed);
    Ceilings ceilings = new Ceilings(vertx, mongo, typed.service().defaultZone());
    new Control(vertx)
        .on("prepare", a -> prepare(mongo, typed, a.getInteger("extraStudents", 0)))
        .on("ceiling", ceilings::run)
        .on("audit", a -> BookingAudit.run(mongo))
        .on("mongoUri", a -> Future.succeededFuture(new JsonObject().put("uri", Mongo.uri(vertx, typed))))
        .on("liveHost", a -> Future.succeededFuture(new JsonObject().put("token", AccessTokens.load(typed)
            .issue(a.getString("hostId"), Role.EXPERT, false, "温心专家", UUID.randomUUID().toString()))))
        .on("chatPairs", a -> ChatFixtures.open(mongo, AccessTokens.load(typed), a.getJsonArray("studentIds")))
        .serve();
  }

  /**
   * Copies of the demo students (same shape, new ids) so that many distinct students can book, and an access token
   * for every student, signed with the service's own key: sign-in itself is not what these scenarios measure.
   */
  private static Future<JsonObject> prepare(MongoClient mongo, WenxinConfig config, int extra) {
    AccessTokens tokens = AccessTokens.load(config);
    return mongo.find(ConsultCollections.ACCOUNTS, new JsonObject().put("role", "student").put("anonymous", false))
        .compose(demo -> {
          List<BulkOperation> copies = new ArrayList<>();
          for (int i = 1; i <= extra; i++) {
            JsonObject copy = demo.get(i % demo.size()).copy()
                .put("_id", String.format("stu-b%05d", i))
                .put("username", String.format("benchstudent%05d", i));
            copies.add(BulkOperation.createInsert(copy));
          }
          Future<?> written = copies.isEmpty() ? Future.succeededFuture()
              : mongo.bulkWrite(ConsultCollections.ACCOUNTS, copies);
          return written.map(w -> {
            JsonArray students = new JsonArray();
            List<JsonObject> all = new ArrayList<>(demo);
            copies.forEach(op -> all.add(op.getDocument()));
            for (JsonObject s : all) {
              // Under 14 a guardian's consent gates a session's door: chat pairs are made of older students.
              students.add(new JsonObject().put("id", s.getString("_id"))
                  .put("minor", Guardianship.underConsentAge(s, java.time.LocalDate.now(config.service().defaultZone())))
                  .put("token",
                  tokens.issue(s.getString("_id"), Role.STUDENT, false, s.getString("displayName"),
                      UUID.randomUUID().toString())));
            }
            return new JsonObject().put("students", students);
          });
        });
  }
}
