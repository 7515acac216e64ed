package cn.wenxin.consult.transcript;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

/** A store that works until told to fail marking records destroyed, as a database going away mid-shred would. */
final class SealedStoreFaulty implements SealedStore {

  private final SealedStore real;
  volatile boolean failMarking;

  SealedStoreFaulty(SealedStore real) {
    this.real = real;
  }

  @Override
  public Future<Void> insert(JsonObject doc) {
    return real.insert(doc);
  }

  @Override
  public Future<JsonObject> find(String id) {
    return real.find(id);
  }

  @Override
  public Future<List<JsonObject>> where(JsonObject filter) {
    return real.where(filter);
  }

  @Override
  public Future<Boolean> reseal(String id, byte[] sealed, Instant at) {
    return real.reseal(id, sealed, at);
  }

  @Override
  public Future<List<JsonObject>> expired(Instant now, int limit) {
    return real.expired(now, limit);
  }

  @Override
  public Future<Void> markDestroyed(String id, String reason, Instant at) {
    return failMarking ? Future.failedFuture(new IllegalStateException("database went away"))
        : real.markDestroyed(id, reason, at);
  }
}
