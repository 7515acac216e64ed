package cn.wenxin.gateway.http;

import cn.wenxin.infra.mongo.Mongo;
import cn.wenxin.infra.shared.SharedState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.TimeUnit;

/** {@code /health}: the process answers. {@code /ready}: MongoDB and Redis answer too (503 when MongoDB does not). */
public final class Health {

  private static final long PROBE_SECONDS = 2;

  private final MongoClient mongo;
  private final SharedState shared;
  private final boolean embeddedMongo;

  public Health(MongoClient mongo, SharedState shared, boolean embeddedMongo) {
    this.mongo = mongo;
    this.shared = shared;
    this.embeddedMongo = embeddedMongo;
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
      boolean ready = "UP".equals(m.getString("status")) && !"DOWN".equals(r.getString("status"));
      ctx.response().setStatusCode(ready ? 200 : 503);
      ctx.json(new JsonObject().put("status", ready ? "UP" : "DOWN").put("mongo", m).put("redis", r));
    });
  }

  private static JsonObject state(String status) {
    return new JsonObject().put("status", status);
  }
}
