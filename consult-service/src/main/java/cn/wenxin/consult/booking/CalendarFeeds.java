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
 * Secret per-expert calendar feed tokens. Only the SHA-256 is stored, so the token cannot be shown again: asking
 * for the feed URL issues a new token and the old URL stops working (rotation doubles as revocation).
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

  /** The expert whose feed this token opens, or null. */
  Future<String> expertFor(String token) {
    return mongo.findOne(ConsultCollections.CALENDAR_FEEDS,
            new JsonObject().put("tokenHash", Secrets.sha256(token)), null)
        .map(doc -> doc == null ? null : doc.getString("_id"));
  }
}
