package cn.wenxin.consult.risk;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.mongo.Mongo;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.time.Instant;

/**
 * Risk alerts for the hotline: stored, then published on {@link Addresses#RISK_ALERTS}. An alert carries the session,
 * the level and the matched terms, never the message or who wrote it (the hotline's break-glass opens identity).
 * One alert per session and level ({@code _id = sessionId|level}): a session that rises to a higher level alerts
 * again, repeating the same level does not flood the console.
 */
public final class RiskAlerts {

  private final Vertx vertx;
  private final MongoClient mongo;

  public RiskAlerts(Vertx vertx, MongoClient mongo) {
    this.vertx = vertx;
    this.mongo = mongo;
  }

  /** Alerts raised since {@code from}, oldest first: the hotline's catch-up for any it did not hear published. */
  public Future<java.util.List<JsonObject>> since(Instant from) {
    return mongo.findWithOptions(ConsultCollections.RISK_ALERTS,
            new JsonObject().put("at", new JsonObject().put("$gte", from.toString())),
            new io.vertx.ext.mongo.FindOptions().setSort(new JsonObject().put("at", 1)).setLimit(500))
        .map(list -> list.stream().map(a -> a.copy().put("id", a.getString("_id"))).toList());
  }

  /** The alert, or null when this session had already alerted at this level. */
  public Future<JsonObject> raise(String source, String sessionId, RiskAssessment a) {
    JsonObject alert = new JsonObject().put("_id", sessionId + "|" + a.level()).put("at", Instant.now().toString())
        .put("source", source).put("sessionId", sessionId).put("level", a.level())
        .put("terms", new JsonArray(a.terms()));
    return mongo.insert(ConsultCollections.RISK_ALERTS, alert).map(id -> {
      JsonObject published = alert.copy().put("id", alert.remove("_id"));
      vertx.eventBus().publish(Addresses.RISK_ALERTS, published);
      return published;
    }).recover(err -> Mongo.isDuplicateKey(err) ? Future.succeededFuture(null) : Future.failedFuture(err));
  }
}
