package cn.wenxin.consult.booking;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.consult.directory.Times;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.mongo.Mongo;
import cn.wenxin.infra.security.Secrets;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.time.Duration;
import java.time.Instant;
import java.util.TreeMap;

/**
 * Idempotency-Key records, unique per (caller, key) by {@code _id}. The first request inserts a pending record; a
 * retry finds it and gets the stored response, a different body with the same key gets a 422, and a retry that
 * overtakes a request still running gets a 409. A request that fails removes its pending record so that it can be
 * retried; a pending record whose request died with its node expires after the hold time (seconds, not a day), and
 * the next retry takes it over.
 */
public final class IdempotencyStore {

  private final MongoClient mongo;
  private final Duration pendingFor;

  public IdempotencyStore(MongoClient mongo, Duration pendingFor) {
    this.mongo = mongo;
    this.pendingFor = pendingFor;
  }

  static String id(String callerId, String key) {
    return callerId + "|" + key;
  }

  /** Field order must not matter: the hash is over the body with its keys sorted. */
  static String hash(JsonObject body) {
    return Secrets.sha256(new JsonObject(new TreeMap<>(body.getMap())).encode());
  }

  /** Null when this request is the first with the key; the stored response when it is a retry. */
  public Future<JsonObject> begin(String callerId, String key, JsonObject body) {
    String hash = hash(body);
    JsonObject doc = new JsonObject().put("_id", id(callerId, key)).put("bodyHash", hash).put("state", "pending")
        .put("createdAt", Times.iso(Instant.now())).put("expiresAt", Times.iso(Instant.now().plus(pendingFor)));
    return mongo.insert(ConsultCollections.IDEMPOTENCY, doc).<JsonObject>map(x -> null).recover(err -> {
      if (!Mongo.isDuplicateKey(err)) {
        return Future.failedFuture(err);
      }
      return mongo.findOne(ConsultCollections.IDEMPOTENCY, new JsonObject().put("_id", id(callerId, key)), null)
          .compose(prior -> {
            if (prior == null) {
              return Future.failedFuture(ProblemException.conflict("Retry this request in a moment").withCode("retry_later"));
            }
            if (!hash.equals(prior.getString("bodyHash"))) {
              return Future.failedFuture(ProblemException.unprocessable(
                  "This Idempotency-Key was already used with a different request body"));
            }
            if (!"done".equals(prior.getString("state"))) {
              return takeOver(prior);
            }
            return Future.succeededFuture(prior.getJsonObject("response"));
          });
    });
  }

  /** A pending record whose request is past its time belongs to a dead attempt: this retry carries on instead. */
  private Future<JsonObject> takeOver(JsonObject prior) {
    String expires = prior.getString("expiresAt", "");
    if (expires.compareTo(Times.iso(Instant.now())) >= 0) {
      return Future.failedFuture(ProblemException.conflict("The same request is still being processed").withCode("request_in_progress"));
    }
    return mongo.findOneAndUpdate(ConsultCollections.IDEMPOTENCY,
            new JsonObject().put("_id", prior.getString("_id")).put("state", "pending").put("expiresAt", expires),
            new JsonObject().put("$set", new JsonObject().put("expiresAt", Times.iso(Instant.now().plus(pendingFor)))))
        .compose(won -> won != null ? Future.succeededFuture(null)
            : Future.failedFuture(ProblemException.conflict("The same request is still being processed").withCode("request_in_progress")));
  }

  /** Pending records of requests that died: removed, so that they hold nothing. */
  public Future<Long> removeExpiredPending(Instant now) {
    return mongo.removeDocuments(ConsultCollections.IDEMPOTENCY, new JsonObject().put("state", "pending")
        .put("expiresAt", new JsonObject().put("$lt", Times.iso(now)))).map(r -> r == null ? 0L : r.getRemovedCount());
  }

  public Future<Void> complete(String callerId, String key, JsonObject response) {
    return mongo.updateCollection(ConsultCollections.IDEMPOTENCY, new JsonObject().put("_id", id(callerId, key)),
        new JsonObject().put("$set", new JsonObject().put("state", "done").put("response", response))).mapEmpty();
  }

  public Future<Void> abandon(String callerId, String key) {
    return mongo.removeDocument(ConsultCollections.IDEMPOTENCY,
        new JsonObject().put("_id", id(callerId, key)).put("state", "pending")).mapEmpty();
  }
}
