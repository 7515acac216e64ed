package cn.wenxin.consult.booking;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.consult.directory.Times;
import cn.wenxin.infra.security.Secrets;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.time.Instant;

/**
 * Secret per-expert calendar feed tokens. Only the SHA-256 is stored, so a token is shown once, when it is made;
 * afterwards the expert sees only that a feed exists. Making a new one replaces the old (rotation is revocation).
 */
final class CalendarFeeds {

  private final MongoClient mongo;

  CalendarFeeds(MongoClient mongo) {
    this.mongo = mongo;
  }

  /** A fresh token for the expert; the previous one is replaced. */
  Future<String> issue(String expertId) {
    String token = Secrets.randomToken();
    JsonObject doc = new JsonObject().put("tokenHash", Secrets.sha256(token)).put("issuedAt", Times.iso(Instant.now()));
    return mongo.replaceDocumentsWithOptions(ConsultCollections.CALENDAR_FEEDS, new JsonObject().put("_id", expertId),
        doc, new UpdateOptions().setUpsert(true)).map(r -> token);
  }

  /** Whether the expert has a feed, and since when: {exists, issuedAt}. */
  Future<JsonObject> status(String expertId) {
    return mongo.findOne(ConsultCollections.CALENDAR_FEEDS, new JsonObject().put("_id", expertId), null)
        .map(doc -> new JsonObject().put("exists", doc != null)
            .put("issuedAt", doc == null ? null : doc.getString("issuedAt")));
  }

  /** The expert whose feed this token opens, or null. */
  Future<String> expertFor(String token) {
    return mongo.findOne(ConsultCollections.CALENDAR_FEEDS,
            new JsonObject().put("tokenHash", Secrets.sha256(token)), null)
        .map(doc -> doc == null ? null : doc.getString("_id"));
  }
}
