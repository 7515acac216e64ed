package cn.wenxin.consult.hotline;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.consult.directory.Times;
import cn.wenxin.infra.mongo.Mongo;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Risk alerts as the console holds them. Each carries its SLA deadline ({@code dueAt}) in MongoDB, not in a timer, so
 * a restart loses none: the poller finds what is due and moves it one tier up with ONE conditional update on the tier
 * it read (two nodes polling escalate once). Tier 0: everyone on duty; 1: the duty lead; 2: every admin and everyone
 * on the roster, again every SLA until someone acknowledges. Nothing falls silent.
 */
final class AlertDesk {

  static final int TOP_TIER = 2;

  private final MongoClient mongo;
  private final Duration sla;

  AlertDesk(MongoClient mongo, Duration sla) {
    this.mongo = mongo;
    this.sla = sla;
  }

  /** Takes in a risk alert (from any source); answers it if it is new here, null if it was already taken in. */
  Future<JsonObject> admit(JsonObject riskAlert) {
    String id = riskAlert.getString("id", riskAlert.getString("_id"));
    Instant now = Instant.now();
    JsonObject doc = new JsonObject().put("source", riskAlert.getString("source", "session"))
        .put("sessionId", riskAlert.getString("sessionId")).put("level", riskAlert.getInteger("level", 0))
        .put("terms", riskAlert.getJsonArray("terms", new JsonArray())).put("raisedAt", riskAlert.getString("at"))
        .put("state", "open").put("tier", 0).put("dueAt", Times.iso(now.plus(sla)))
        .put("history", new JsonArray().add(new JsonObject().put("at", Times.iso(now)).put("tier", 0)));
    return mongo.updateCollectionWithOptions(ConsultCollections.HOTLINE_ALERTS, new JsonObject().put("_id", id),
            new JsonObject().put("$setOnInsert", doc), new UpdateOptions().setUpsert(true))
        .map(r -> r.getDocUpsertedId() != null ? doc.copy().put("_id", id) : null)
        .recover(err -> Mongo.isDuplicateKey(err) ? Future.succeededFuture(null) : Future.failedFuture(err));
  }

  Future<List<JsonObject>> open() {
    return mongo.findWithOptions(ConsultCollections.HOTLINE_ALERTS, new JsonObject().put("state", "open"),
        new FindOptions().setSort(new JsonObject().put("level", -1).put("raisedAt", 1)).setLimit(200));
  }

  /** How many are not yet acknowledged, for the pending-alerts gauge. */
  Future<Long> countOpen() {
    return mongo.count(ConsultCollections.HOTLINE_ALERTS, new JsonObject().put("state", "open"));
  }

  Future<JsonObject> find(String id) {
    return mongo.findOne(ConsultCollections.HOTLINE_ALERTS, new JsonObject().put("_id", id), null);
  }

  /** Open alerts past their deadline. */
  Future<List<JsonObject>> due(Instant now) {
    return mongo.findWithOptions(ConsultCollections.HOTLINE_ALERTS, new JsonObject().put("state", "open")
        .put("dueAt", new JsonObject().put("$lte", Times.iso(now))), new FindOptions().setLimit(100));
  }

  /** Moves a due alert one tier up (staying at the top tier); the new document, or null if someone else did. */
  Future<JsonObject> escalate(JsonObject alert, Instant now) {
    int tier = alert.getInteger("tier", 0);
    int next = Math.min(TOP_TIER, tier + 1);
    return mongo.findOneAndUpdateWithOptions(ConsultCollections.HOTLINE_ALERTS, new JsonObject()
            .put("_id", alert.getString("_id")).put("state", "open").put("tier", tier)
            .put("dueAt", alert.getString("dueAt")),
        new JsonObject().put("$set", new JsonObject().put("tier", next).put("dueAt", Times.iso(now.plus(sla))))
            .put("$push", new JsonObject().put("history", new JsonObject().put("at", Times.iso(now)).put("tier", next))),
        new FindOptions(), new UpdateOptions().setReturningNewDocument(true));
  }

  /** Acknowledges once; the document, or null if it was not open. */
  Future<JsonObject> ack(String id, String by) {
    return mongo.findOneAndUpdateWithOptions(ConsultCollections.HOTLINE_ALERTS,
        new JsonObject().put("_id", id).put("state", "open"),
        new JsonObject().put("$set", new JsonObject().put("state", "acked").put("ackBy", by)
            .put("ackAt", Times.iso(Instant.now()))),
        new FindOptions(), new UpdateOptions().setReturningNewDocument(true));
  }
}
