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
 * {@code /health}: the process answers. {@code /ready}: MongoDB and Redis answer too, and the node's copy of the
 * ended sign-ins is loaded. Without Redis configured a single node runs on in-process state and says {@code DEGRADED}
 * (still 200); a node of a cluster must not (its peers would not see sign-outs or limits it holds alone), so there it
 * is {@code DOWN} (503), as it is whenever MongoDB does not answer. A configured Redis that stops answering is
 * {@code DEGRADED} (200, see {@link #status}).
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
  private java.util.function.BooleanSupplier signInsLoaded = () -> true;

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

  /**
   * Until the node's copy of the ended sign-ins has loaded it refuses every signed-in request, so it is not ready:
   * a load balancer should send people elsewhere meanwhile.
   */
  public Health withSignIns(java.util.function.BooleanSupplier loaded) {
    this.signInsLoaded = loaded;
    return this;
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
      boolean signIns = signInsLoaded.getAsBoolean();
      String status = signIns ? status(m.getString("status"), r.getString("status")) : "DOWN";
      ctx.response().setStatusCode("DOWN".equals(status) ? 503 : 200);
      JsonObject answer = new JsonObject().put("status", status).put("clustered", clustered)
          .put("node", NodeName.get()).put("mongo", m).put("redis", r)
          .put("signIns", state(signIns ? "UP" : "LOADING"));
      JsonObject cluster = membership.get();
      if (cluster != null) {
        answer.put("cluster", cluster);
      }
      ctx.json(answer);
    });
  }

  /**
   * Without MongoDB a node serves next to nothing: DOWN (503), out of rotation. Redis down is DEGRADED (200): every
   * node shares it, so taking them all out of rotation would turn "chat and sign-in wait" into "nothing at all",
   * while signed-in reads, bookings and pages still work (what needs Redis answers 503 with Retry-After itself).
   */
  String status(String mongoStatus, String redisStatus) {
    if (!"UP".equals(mongoStatus)) {
      return "DOWN";
    }
    if ("DOWN".equals(redisStatus)) {
      return "DEGRADED";
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
