package cn.wenxin.consult.transcript;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

/**
 * Confidential records (transcripts, notes): ids and times in clear, content only as {@code sealed} ciphertext under
 * the record's own data key {@code keyId}. A destroyed record keeps its ids, {@code destroyedAt} and reason.
 */
public interface SealedStore {

  /** Fails with a duplicate key when the id exists. */
  Future<Void> insert(JsonObject doc);

  Future<JsonObject> find(String id);

  Future<List<JsonObject>> where(JsonObject filter);

  /** Replaces the ciphertext of a record still alive; false when it is destroyed or absent. */
  Future<Boolean> reseal(String id, byte[] sealed, Instant at);

  /** Records not yet destroyed whose retention ended before {@code now}, at most {@code limit}. */
  Future<List<JsonObject>> expired(Instant now, int limit);

  /** Drops the ciphertext and notes when and why; idempotent. */
  Future<Void> markDestroyed(String id, String reason, Instant at);

  /** The ciphertext of a stored record, or null. */
  static byte[] sealed(JsonObject doc) {
    JsonObject b = doc == null ? null : doc.getJsonObject("sealed");
    return b == null ? null : b.getBinary("$binary");
  }

  static JsonObject binary(byte[] bytes) {
    return new JsonObject().put("$binary", bytes);
  }
}
