package cn.wenxin.consult.consent;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.consult.directory.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Consent records. A record in force carries {@code activeKey = subjectId|kind} (sparse unique): at most one in force
 * per subject and kind, found by an exact unique key. Withdrawal unsets the key and keeps the record.
 */
public final class ConsentStore {

  private final MongoClient mongo;

  public ConsentStore(MongoClient mongo) {
    this.mongo = mongo;
  }

  static String activeKey(String subjectId, String kind) {
    return subjectId + "|" + kind;
  }

  public Future<JsonObject> active(String subjectId, String kind) {
    return mongo.findOne(ConsultCollections.CONSENTS, new JsonObject().put("activeKey", activeKey(subjectId, kind)),
        null);
  }

  /** {@code shown}: the notice the page showed ({locale, textHash}), or null for a client that sent no hash. */
  Future<JsonObject> grant(String subjectId, String kind, String policyVersion, String grantedBy, JsonObject shown) {
    JsonObject doc = new JsonObject().put("_id", UUID.randomUUID().toString()).put("subjectId", subjectId)
        .put("kind", kind).put("policyVersion", policyVersion).put("grantedAt", Times.iso(Instant.now()))
        .put("grantedBy", grantedBy).putNull("withdrawnAt").put("activeKey", activeKey(subjectId, kind));
    if (shown != null) {
      doc.put("locale", shown.getString("locale")).put("textHash", shown.getString("textHash"));
    }
    return mongo.insert(ConsultCollections.CONSENTS, doc).map(id -> doc);
  }

  Future<JsonObject> find(String id) {
    return mongo.findOne(ConsultCollections.CONSENTS, new JsonObject().put("_id", id), null);
  }

  /** True when this call withdrew it (it was still in force). */
  Future<Boolean> withdraw(String id, String by) {
    return mongo.updateCollection(ConsultCollections.CONSENTS,
            new JsonObject().put("_id", id).put("withdrawnAt", (Object) null),
            new JsonObject().put("$set", new JsonObject().put("withdrawnAt", Times.iso(Instant.now()))
                .put("withdrawnBy", by)).put("$unset", new JsonObject().put("activeKey", "")))
        .map(r -> r.getDocModified() > 0);
  }

  Future<List<JsonObject>> ofSubjects(List<String> subjectIds) {
    return mongo.find(ConsultCollections.CONSENTS,
        new JsonObject().put("subjectId", new JsonObject().put("$in", new JsonArray(subjectIds))));
  }

  static JsonObject view(JsonObject doc) {
    JsonObject v = doc.copy();
    v.put("id", v.remove("_id"));
    v.remove("activeKey");
    return v;
  }
}
