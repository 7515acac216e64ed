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
 * means it was copied: the whole family is revoked, except within a short grace after the spend (two tabs
 * refreshing at once), when it yields the same successor again.
 */
final class RefreshTokenStore {

  /** What presenting a refresh token came to. */
  sealed interface Spend {
  }

  /** The token was spent now; {@code successor} is the next one, to be issued. */
  record Spent(String accountId, String familyId, String successor) implements Spend {
  }

  /** Spent moments ago by another tab of the same sign-in: the same successor, already issued. */
  record Replaced(String accountId, String familyId, String successor) implements Spend {
  }

  record Reused(String accountId, String familyId) implements Spend {
  }

  /** Long enough for two tabs that refresh at the same moment, too short to be worth stealing. */
  static final Duration GRACE = Duration.ofSeconds(10);

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
    return issue(accountId, familyId, Secrets.randomToken());
  }

  Future<String> issue(String accountId, String familyId, String token) {
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
    String successor = Secrets.randomToken();
    JsonObject spend = new JsonObject().put("$set", new JsonObject().put("usedAt", new JsonObject().put("$date", now))
        .put("successor", Successor.seal(token, successor)));
    return mongo.findOneAndUpdate(ConsultCollections.REFRESH_TOKENS, unspent, spend).compose(doc -> {
      if (doc != null) {
        return Future.succeededFuture(new Spent(doc.getString("accountId"), doc.getString("familyId"), successor));
      }
      return mongo.findOne(ConsultCollections.REFRESH_TOKENS, new JsonObject().put("_id", hash), null)
          .compose(old -> old == null ? Future.succeededFuture(new Unknown()) : again(token, old));
    });
  }

  /**
   * A token presented after it was spent: the same successor while it was spent moments ago and its successor is
   * still unspent (the other tab's refresh); otherwise a copy was used, and the caller ends the sign-in.
   */
  private Future<Spend> again(String token, JsonObject old) {
    Reused reused = new Reused(old.getString("accountId"), old.getString("familyId"));
    JsonObject usedAt = old.getJsonObject("usedAt");
    String successor = Successor.open(token, old.getString("successor"));
    boolean justNow = usedAt != null && Instant.parse(usedAt.getString("$date")).isAfter(Instant.now().minus(GRACE));
    if (!justNow || successor == null || old.getValue("revokedAt") != null) {
      return Future.succeededFuture(reused);
    }
    // Not yet written (the first tab is still issuing it) counts as unspent.
    return mongo.findOne(ConsultCollections.REFRESH_TOKENS, new JsonObject().put("_id", Secrets.sha256(successor)),
        null).map(next -> next == null || next.getValue("usedAt") == null && next.getValue("revokedAt") == null
        ? new Replaced(reused.accountId(), reused.familyId(), successor) : reused);
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
