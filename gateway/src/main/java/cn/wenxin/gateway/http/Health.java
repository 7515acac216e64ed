package cn.wenxin.gateway.http;

import cn.wenxin.infra.logging.NodeName;
import cn.wenxin.infra.mongo.Mongo;
import cn.wenxin.infra.shared.SharedState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code /health}: the process answers. {@code /ready}: MongoDB and Redis answer too. Without Redis a single node runs
 * on in-process state and says {@code DEGRADED} (still 200); a node of a cluster must not (its peers would not see
 * sign-outs or limits it holds alone), so there it is {@code DOWN} (503), as it is whenever MongoDB does not answer.
 * {@code /ready} names this node ({@code node}, as its JSON log lines do); a node of a cluster also says what it sees
 * of it ({@code cluster: {nodeId, members}}), so a node that fell out of its cluster is visible from outside.
 */
public final class Health {

  private static final long PROBE_SECONDS = 2;

  private final MongoClient mongo;
  private final SharedState shared;
  private final boolean embeddedMongo;
  private final boolean clustered;
  private final Supplier<JsonObject> membership;

  public Health(MongoClient mongo, SharedState shared, boolean embeddedMongo) {
    this(mongo, shared, embeddedMongo, false);
  }

  public Health(MongoClient mongo, SharedState shared, boolean embeddedMongo, boolean clustered) {
    this(mongo, shared, embeddedMongo, clustered, () -> null);
  }

  /** {@code membership}: this node's id in the cluster and the members it sees, or null on a local event bus. */
  public Health(MongoClient mongo, SharedState shared, boolean embeddedMongo, boolean clustered,
                Supplier<JsonObject> membership) {
    this.mongo = mongo;
    this.shared = shared;
    this.embeddedMongo = embeddedMongo;
    this.clustered = clustered;
    this.membership = membership;
  }

  public void alive(RoutingContext ctx) {
    ctx.json(new JsonObject().put("status", "UP"));
  }

  public void ready(RoutingContext ctx) {
    Future<JsonObject> mongoState = Mongo.ping(mongo).timeout(PROBE_SECONDS, TimeUnit.SECONDS)
        .map(v -> state("UP").put("embedded", embeddedMongo))
        .otherwise(err -> state("DOWN").put("error", err.getMessage()));
    Future<JsonObject> redisState = "redis".equals(shared.backend())
        ? shared.holds().get("ready-probe").timeout(PROBE_SECONDS, TimeUnit.SECONDS)
            .map(v -> state("UP"))
            .otherwise(err -> state("DOWN").put("error", err.getMessage()))
        : Future.succeededFuture(state("ABSENT").put("fallback", "in-process (single node)"));
    Future.join(mongoState, redisState).onComplete(done -> {
      JsonObject m = mongoState.result();
      JsonObject r = redisState.result();
      String status = status(m.getString("status"), r.getString("status"));
      ctx.response().setStatusCode("DOWN".equals(status) ? 503 : 200);
      JsonObject answer = new JsonObject().put("status", status).put("clustered", clustered)
          .put("node", NodeName.get()).put("mongo", m).put("redis", r);
      JsonObject cluster = membership.get();
      if (cluster != null) {
        answer.put("cluster", cluster);
      }
      ctx.json(answer);
    });
  }

  String status(String mongoStatus, String redisStatus) {
    if (!"UP".equals(mongoStatus) || "DOWN".equals(redisStatus)) {
      return "DOWN";
    }
    if ("ABSENT".equals(redisStatus)) {
      return clustered ? "DOWN" : "DEGRADED";
    }
    return "UP";
  }

  private static JsonObject state(String status) {
    return new JsonObject().put("status", status);
  }
}
