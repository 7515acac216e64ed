package cn.wenxin.consult.transcript;

import cn.wenxin.consult.audit.AuditLog;
import cn.wenxin.consult.privacy.FieldCrypto;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * 保密消档: a record is destroyed by destroying its data key first (then no copy of the ciphertext, backups included,
 * can be read), then dropping the ciphertext, then writing the destruction to the audit log. A crash between the
 * steps leaves a record the next sweep finishes; deleting a key already gone is a no-op.
 */
public final class Shredder {

  private final FieldCrypto crypto;
  private final AuditLog audit;

  public Shredder(FieldCrypto crypto, AuditLog audit) {
    this.crypto = crypto;
    this.audit = audit;
  }

  /** {@code kind} names the record in the audit log ("transcript", "note"). */
  public Future<Void> shred(SealedStore store, String kind, JsonObject doc, String actor, String reason) {
    if (doc == null || doc.getString("destroyedAt") != null) {
      return Future.succeededFuture();
    }
    String id = doc.getString("_id");
    return crypto.destroyKey(doc.getString("keyId"))
        .compose(gone -> store.markDestroyed(id, reason, Instant.now()))
        .compose(v -> audit.recordAccess(actor, kind + ".destroyed", id, reason));
  }
}
