package cn.wenxin.consult.audit;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.consult.directory.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.time.Instant;
import java.util.UUID;

/**
 * The shared audit trail: who did what to which record, and when. Ids only, never names, notes or other personal
 * data, so the log itself needs no protection beyond the database's. Any verticle may write through this class.
 */
public final class AuditLog {

  private final MongoClient mongo;

  public AuditLog(MongoClient mongo) {
    this.mongo = mongo;
  }

  /** Records one action; {@code action} is a stable dotted name such as {@code expert.deactivate}. */
  public Future<Void> record(String actorId, String actorRole, String action, String targetId) {
    JsonObject entry = new JsonObject().put("_id", UUID.randomUUID().toString()).put("actorId", actorId)
        .put("actorRole", actorRole).put("action", action).put("targetId", targetId)
        .put("at", Times.iso(Instant.now()));
    return mongo.insert(ConsultCollections.AUDIT_LOG, entry).mapEmpty();
  }
}
