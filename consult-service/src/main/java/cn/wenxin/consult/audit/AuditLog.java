package cn.wenxin.consult.audit;

import cn.wenxin.consult.ConsultCollections;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.time.Instant;

/**
 * Who did what to which confidential record, and why: {at, actor, action, target, reason}. Ids only, never names or
 * content, so the log itself holds no personal data beyond who acted. Append only: nothing here updates or deletes.
 */
public final class AuditLog {

  private final MongoClient mongo;

  public AuditLog(MongoClient mongo) {
    this.mongo = mongo;
  }

  /** {@code actor} is an account id, or "system" for the retention sweep. */
  public Future<Void> record(String actor, String action, String target, String reason) {
    JsonObject entry = new JsonObject().put("at", Instant.now().toString()).put("actor", actor).put("action", action)
        .put("target", target).put("reason", reason);
    return mongo.insert(ConsultCollections.AUDIT_LOG, entry).mapEmpty();
  }
}
