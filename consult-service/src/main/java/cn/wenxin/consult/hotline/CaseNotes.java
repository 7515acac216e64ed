package cn.wenxin.consult.hotline;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.consult.directory.Times;
import cn.wenxin.consult.privacy.FieldCrypto;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A case's notes, sealed like transcripts: each case has its own data key (MongoDB explicit field-level encryption,
 * {@link FieldCrypto}); only who and when are in clear. Sealing a closed case after its retention (保密消档) destroys
 * the key first, then drops the ciphertext, then the caller writes the destruction to the audit log. A legal hold
 * stops it.
 */
final class CaseNotes {

  private final MongoClient mongo;
  private final FieldCrypto crypto;

  CaseNotes(MongoClient mongo, FieldCrypto crypto) {
    this.mongo = mongo;
    this.crypto = crypto;
  }

  /** The case's key, made once: of two racing writers one sets it, the other destroys its own and uses that one. */
  private Future<String> keyOf(String caseId) {
    return mongo.findOne(ConsultCollections.HOTLINE_CASES, new JsonObject().put("_id", caseId),
        new JsonObject().put("keyId", 1)).compose(c -> c.getString("keyId") != null
        ? Future.succeededFuture(c.getString("keyId"))
        : crypto.newKey("hotline_case:" + caseId).compose(k -> mongo.updateCollection(ConsultCollections.HOTLINE_CASES,
                new JsonObject().put("_id", caseId).put("keyId", new JsonObject().put("$exists", false)),
                new JsonObject().put("$set", new JsonObject().put("keyId", k)))
            .compose(r -> r.getDocModified() == 1 ? Future.succeededFuture(k)
                : crypto.destroyKey(k).compose(x -> keyOf(caseId)))));
  }

  Future<Void> add(String caseId, String by, String text) {
    return keyOf(caseId).compose(k -> crypto.seal(k, text)).compose(sealed -> mongo.updateCollection(
        ConsultCollections.HOTLINE_CASES, new JsonObject().put("_id", caseId)
            .put("sealedAt", new JsonObject().put("$exists", false)),
        new JsonObject().put("$push", new JsonObject().put("notes", new JsonObject().put("at", Times.iso(Instant.now()))
            .put("by", by).put("sealed", new JsonObject().put("$binary", sealed)))))).mapEmpty();
  }

  Future<JsonArray> read(JsonObject c) {
    JsonArray notes = c.getJsonArray("notes", new JsonArray());
    if (notes.isEmpty() || c.getString("keyId") == null) {
      return Future.succeededFuture(new JsonArray());
    }
    List<Future<String>> texts = new ArrayList<>();
    notes.forEach(n -> texts.add(crypto.open(c.getString("keyId"),
        ((JsonObject) n).getJsonObject("sealed").getBinary("$binary"))));
    return Future.all(texts).map(all -> {
      JsonArray out = new JsonArray();
      for (int i = 0; i < notes.size(); i++) {
        JsonObject n = notes.getJsonObject(i);
        out.add(new JsonObject().put("at", n.getString("at")).put("by", n.getString("by"))
            .put("text", all.<String>resultAt(i)));
      }
      return out;
    });
  }

  /** Closed cases past their seal date and under no legal hold. */
  Future<List<JsonObject>> dueForSealing(Instant now) {
    return mongo.findWithOptions(ConsultCollections.HOTLINE_CASES, new JsonObject().put("status", "closed")
        .put("legalHold", false).put("sealedAt", new JsonObject().put("$exists", false))
        .put("sealAfter", new JsonObject().put("$lte", Times.iso(now))), new FindOptions().setLimit(50));
  }

  /** Destroys the key, then drops the ciphertext; true when this call sealed it (re-checks the hold first). */
  Future<Boolean> seal(JsonObject c) {
    String keyId = c.getString("keyId");
    return mongo.findOne(ConsultCollections.HOTLINE_CASES, new JsonObject().put("_id", c.getString("_id"))
        .put("legalHold", false), null).compose(now -> now == null ? Future.succeededFuture(false)
        : (keyId == null ? Future.succeededFuture(true) : crypto.destroyKey(keyId))
            .compose(x -> mongo.updateCollection(ConsultCollections.HOTLINE_CASES,
                new JsonObject().put("_id", c.getString("_id")).put("sealedAt", new JsonObject().put("$exists", false)),
                new JsonObject().put("$set", new JsonObject().put("sealedAt", Times.iso(Instant.now())))
                    .put("$unset", new JsonObject().put("notes", "").put("assessment", "").put("studentId", ""))))
            .map(r -> r.getDocModified() == 1));
  }

  Future<Boolean> legalHold(String caseId, boolean hold) {
    return mongo.updateCollection(ConsultCollections.HOTLINE_CASES, new JsonObject().put("_id", caseId),
        new JsonObject().put("$set", new JsonObject().put("legalHold", hold))).map(r -> r.getDocMatched() == 1);
  }
}
