package cn.wenxin.consult.consent;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.infra.mongo.Mongo;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.time.Instant;
import java.util.UUID;

/**
 * A student's consent to keep one booking's transcript, stored beside guardian consents as a consent record: who,
 * scope {@code transcript}, the booking, policy version, locale and SHA-256 of the exact notice shown, when, and
 * withdrawal. In force while {@code activeKey = studentId|transcript|bookingId} (sparse unique) exists.
 */
public final class TranscriptConsents {

  private final MongoClient mongo;

  public TranscriptConsents(MongoClient mongo) {
    this.mongo = mongo;
  }

  static String activeKey(String studentId, String bookingId) {
    return studentId + "|" + ConsentTexts.TRANSCRIPT + "|" + bookingId;
  }

  public Future<JsonObject> active(String studentId, String bookingId) {
    return mongo.findOne(ConsultCollections.CONSENTS,
        new JsonObject().put("activeKey", activeKey(studentId, bookingId)), null);
  }

  /** The record in force after this call: a new one, or the one already there (a repeated click is not a 409). */
  public Future<JsonObject> grant(String studentId, String bookingId, JsonObject notice) {
    JsonObject doc = new JsonObject().put("_id", UUID.randomUUID().toString()).put("subjectId", studentId)
        .put("kind", ConsentTexts.TRANSCRIPT).put("bookingId", bookingId)
        .put("policyVersion", notice.getString("policyVersion")).put("locale", notice.getString("locale"))
        .put("textHash", notice.getString("textHash")).put("grantedAt", Instant.now().toString())
        .put("grantedBy", studentId).putNull("withdrawnAt").put("activeKey", activeKey(studentId, bookingId));
    return mongo.insert(ConsultCollections.CONSENTS, doc).map(id -> doc)
        .recover(err -> Mongo.isDuplicateKey(err) ? active(studentId, bookingId) : Future.failedFuture(err));
  }

  /** True when this call withdrew a consent in force. */
  public Future<Boolean> withdraw(String studentId, String bookingId) {
    return mongo.updateCollection(ConsultCollections.CONSENTS,
            new JsonObject().put("activeKey", activeKey(studentId, bookingId)),
            new JsonObject().put("$set", new JsonObject().put("withdrawnAt", Instant.now().toString())
                .put("withdrawnBy", studentId)).put("$unset", new JsonObject().put("activeKey", "")))
        .map(r -> r.getDocModified() > 0);
  }

  public static JsonObject view(JsonObject doc) {
    return doc == null ? null : ConsentStore.view(doc);
  }
}
