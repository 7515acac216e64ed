package cn.wenxin.consult.account;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.infra.security.Secrets;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.time.Duration;
import java.time.Instant;

/**
 * Rotating refresh tokens, stored only as SHA-256 hashes. Each sign-in starts a family; each refresh spends one
 * token (an atomic claim on {@code usedAt: null}) and issues the next in the family. Presenting a spent token
 * means it was copied: the whole family is revoked.
 */
final class RefreshTokenStore {

  /** What presenting a refresh token came to. */
  sealed interface Spend {
  }

  record Spent(String accountId, String familyId) implements Spend {
  }

  record Reused(String familyId) implements Spend {
  }

  record Unknown() implements Spend {
  }

  private final MongoClient mongo;
  private final Duration ttl;

  RefreshTokenStore(MongoClient mongo, Duration ttl) {
    this.mongo = mongo;
    this.ttl = ttl;
  }

  /** Makes a new token in the family and answers the token itself (the only time it exists in clear). */
  Future<String> issue(String accountId, String familyId) {
    String token = Secrets.randomToken();
    Instant now = Instant.now();
    JsonObject doc = new JsonObject()
        .put("_id", Secrets.sha256(token))
        .put("familyId", familyId)
        .put("accountId", accountId)
        .put("createdAt", new JsonObject().put("$date", now.toString()))
        .put("expiresAt", new JsonObject().put("$date", now.plus(ttl).toString()));
    return mongo.insert(ConsultCollections.REFRESH_TOKENS, doc).map(id -> token);
  }

  Future<Spend> spend(String token) {
    String hash = Secrets.sha256(token);
    String now = Instant.now().toString();
    JsonObject unspent = new JsonObject()
        .put("_id", hash)
        .putNull("usedAt")
        .putNull("revokedAt")
        .put("expiresAt", new JsonObject().put("$gt", new JsonObject().put("$date", now)));
    JsonObject spend = new JsonObject().put("$set", new JsonObject().put("usedAt", new JsonObject().put("$date", now)));
    return mongo.findOneAndUpdate(ConsultCollections.REFRESH_TOKENS, unspent, spend).compose(doc -> {
      if (doc != null) {
        return Future.succeededFuture(new Spent(doc.getString("accountId"), doc.getString("familyId")));
      }
      return mongo.findOne(ConsultCollections.REFRESH_TOKENS, new JsonObject().put("_id", hash), null)
          .map(old -> old == null ? new Unknown() : new Reused(old.getString("familyId")));
    });
  }

  Future<Void> revokeFamily(String familyId) {
    JsonObject revoke = new JsonObject().put("$set",
        new JsonObject().put("revokedAt", new JsonObject().put("$date", Instant.now().toString())));
    return mongo.updateCollectionWithOptions(ConsultCollections.REFRESH_TOKENS,
        new JsonObject().put("familyId", familyId), revoke, new UpdateOptions().setMulti(true)).mapEmpty();
  }

  /** The embedded server never applies TTL indexes, so expired tokens are also removed here. */
  Future<Void> sweepExpired() {
    JsonObject expired = new JsonObject().put("expiresAt",
        new JsonObject().put("$lt", new JsonObject().put("$date", Instant.now().toString())));
    return mongo.removeDocuments(ConsultCollections.REFRESH_TOKENS, expired).mapEmpty();
  }
}
