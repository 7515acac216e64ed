package cn.wenxin.consult.transcript;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;

import java.time.Instant;
import java.util.List;

/** {@link SealedStore} on one collection; ciphertext goes in as binary subtype 0 (see FieldCrypto). */
public final class SealedStoreMongo implements SealedStore {

  private final MongoClient mongo;
  private final String collection;

  public SealedStoreMongo(MongoClient mongo, String collection) {
    this.mongo = mongo;
    this.collection = collection;
  }

  @Override
  public Future<Void> insert(JsonObject doc) {
    return mongo.insert(collection, doc).mapEmpty();
  }

  @Override
  public Future<JsonObject> find(String id) {
    return mongo.findOne(collection, new JsonObject().put("_id", id), null);
  }

  @Override
  public Future<List<JsonObject>> where(JsonObject filter) {
    return mongo.findWithOptions(collection, filter, new FindOptions().setLimit(500)
        .setSort(new JsonObject().put("createdAt", -1)));
  }

  @Override
  public Future<Boolean> reseal(String id, byte[] sealed, Instant at) {
    return mongo.updateCollection(collection, new JsonObject().put("_id", id).put("destroyedAt", (Object) null),
            new JsonObject().put("$set", new JsonObject().put("sealed", SealedStore.binary(sealed))
                .put("updatedAt", at.toString())))
        .map(r -> r.getDocMatched() > 0);
  }

  @Override
  public Future<List<JsonObject>> expired(Instant now, int limit) {
    return mongo.findWithOptions(collection, new JsonObject().put("destroyedAt", (Object) null)
        .put("expiresAt", new JsonObject().put("$lt", now.toString())), new FindOptions().setLimit(limit));
  }

  @Override
  public Future<Void> markDestroyed(String id, String reason, Instant at) {
    return mongo.updateCollection(collection, new JsonObject().put("_id", id).put("destroyedAt", (Object) null),
        new JsonObject().put("$set", new JsonObject().put("destroyedAt", at.toString()).put("destroyedReason", reason))
            .put("$unset", new JsonObject().put("sealed", ""))).mapEmpty();
  }
}
