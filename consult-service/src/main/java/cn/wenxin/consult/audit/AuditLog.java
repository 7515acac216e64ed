package cn.wenxin.consult.audit;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.consult.directory.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.time.Instant;
import java.util.UUID;

/**
 * The shared audit trail: who did what to which record, when, and (for confidential records) why. Ids only, never
 * names, notes or other content, so the log itself holds no personal data beyond who acted. Append only: nothing here
 * updates or deletes. Any verticle may write through this class.
 */
public final class AuditLog {

  private final MongoClient mongo;

  public AuditLog(MongoClient mongo) {
    this.mongo = mongo;
  }

  /** An administrative action; {@code action} is a stable dotted name such as {@code expert.deactivate}. */
  public Future<Void> record(String actorId, String actorRole, String action, String targetId) {
    return insert(entry(actorId, action, targetId).put("actorRole", actorRole));
  }

  /**
   * A reading, keeping or destruction of a confidential record (transcript, note) and the reason it was allowed;
   * {@code actorId} is an account id, or "system" for the retention sweep.
   */
  public Future<Void> recordAccess(String actorId, String action, String targetId, String reason) {
    return insert(entry(actorId, action, targetId).put("reason", reason));
  }

  private static JsonObject entry(String actorId, String action, String targetId) {
    return new JsonObject().put("_id", UUID.randomUUID().toString()).put("actorId", actorId).put("action", action)
        .put("targetId", targetId).put("at", Times.iso(Instant.now()));
  }

  private Future<Void> insert(JsonObject entry) {
    return mongo.insert(ConsultCollections.AUDIT_LOG, entry).mapEmpty();
  }
}
