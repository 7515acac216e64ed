package cn.wenxin.consult.transcript;

import cn.wenxin.consult.audit.AuditLog;
import cn.wenxin.consult.consent.TranscriptConsents;
import cn.wenxin.consult.privacy.FieldCrypto;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.mongo.Mongo;
import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.security.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;

/**
 * Transcripts: kept at a session's end only under a consent in force, sealed with a data key of their own, read only
 * by the session's student and expert (each read audited), destroyed on withdrawal or when retention ends.
 */
public final class Transcripts {

  static final String KIND = "transcript";

  private final SealedStore store;
  private final TranscriptConsents consents;
  private final FieldCrypto crypto;
  private final Shredder shredder;
  private final AuditLog audit;
  private final Duration retention;

  public Transcripts(SealedStore store, TranscriptConsents consents, FieldCrypto crypto, Shredder shredder,
      AuditLog audit, Duration retention) {
    this.store = store;
    this.consents = consents;
    this.crypto = crypto;
    this.shredder = shredder;
    this.audit = audit;
    this.retention = retention;
  }

  /**
   * Keeps an ended session's messages when its student consented; idempotent per session. The consent is read again
   * after the insert: a withdrawal that ran meanwhile may have missed this record, so it is destroyed here.
   */
  public Future<Boolean> keep(JsonObject ended) {
    String sessionId = ended.getString("sessionId");
    String studentId = ended.getString("studentId");
    String bookingId = ended.getString("bookingId");
    return consents.active(studentId, bookingId).compose(consent -> {
      if (consent == null) {
        return audit.recordAccess("system", KIND + ".not_kept", sessionId, "no consent").map(false);
      }
      return store.find(sessionId).compose(existing -> existing != null ? Future.succeededFuture(true)
          : seal(ended).compose(this::insertOnce).compose(doc -> doc == null ? Future.succeededFuture(true)
              : consents.active(studentId, bookingId).compose(still -> still != null
                  ? audit.recordAccess("system", KIND + ".kept", sessionId, "consent " + consent.getString("_id")).map(true)
                  : shredder.shred(store, KIND, doc, "system", "consent withdrawn").map(false))));
    });
  }

  /** The stored record, or null when a concurrent hand-off of the same session won (this one's key is destroyed). */
  private Future<JsonObject> insertOnce(JsonObject doc) {
    return store.insert(doc).map(doc).recover(err -> Mongo.isDuplicateKey(err)
        ? crypto.destroyKey(doc.getString("keyId")).map((JsonObject) null) : Future.failedFuture(err));
  }

  private Future<JsonObject> seal(JsonObject ended) {
    Instant now = Instant.now();
    JsonObject content = new JsonObject().put("studentLabel", ended.getString("studentLabel"))
        .put("expertLabel", ended.getString("expertLabel"))
        .put("messages", ended.getJsonArray("messages", new JsonArray()));
    return crypto.newKey(KIND + ":" + ended.getString("sessionId")).compose(keyId -> crypto.seal(keyId,
        content.encode()).map(sealed -> new JsonObject().put("_id", ended.getString("sessionId"))
        .put("bookingId", ended.getString("bookingId")).put("studentId", ended.getString("studentId"))
        .put("expertId", ended.getString("expertId")).put("expertLabel", ended.getString("expertLabel"))
        .put("keyId", keyId).put("sealed", SealedStore.binary(sealed)).put("createdAt", now.toString())
        .put("expiresAt", now.plus(retention).toString()).put("messageCount",
            ended.getJsonArray("messages", new JsonArray()).size())));
  }

  public Future<JsonArray> list(Principal me) {
    JsonObject filter = me.is(Role.EXPERT) ? new JsonObject().put("expertId", me.id())
        : new JsonObject().put("studentId", me.id());
    return store.where(filter).map(docs -> {
      JsonArray a = new JsonArray();
      docs.forEach(d -> a.add(summary(d, me)));
      return a;
    });
  }

  /** A third person gets the same 404 as for a transcript that never existed. */
  public Future<JsonObject> read(Principal me, String id) {
    return store.find(id).compose(doc -> {
      if (doc == null || !participant(doc, me)) {
        return Future.failedFuture(ProblemException.notFound("No transcript " + id));
      }
      byte[] sealed = SealedStore.sealed(doc);
      if (doc.getString("destroyedAt") != null || sealed == null) {
        return Future.failedFuture(gone(doc));
      }
      return audit.recordAccess(me.id(), KIND + ".read", id, me.is(Role.EXPERT) ? "session expert" : "own transcript")
          .compose(v -> crypto.open(doc.getString("keyId"), sealed))
          .recover(err -> Future.failedFuture(err instanceof FieldCrypto.KeyDestroyedException ? gone(doc) : err))
          .map(plain -> summary(doc, me).mergeIn(new JsonObject(plain)));
    });
  }

  /** The student withdraws consent: nothing more is kept for the booking, and what was kept is destroyed. */
  public Future<Void> withdraw(Principal me, String id) {
    return store.find(id).compose(doc -> {
      if (doc == null || !me.id().equals(doc.getString("studentId"))) {
        return Future.failedFuture(ProblemException.notFound("No transcript " + id));
      }
      return consents.withdraw(me.id(), doc.getString("bookingId"))
          .compose(v -> shredder.shred(store, KIND, doc, me.id(), "consent withdrawn"));
    });
  }

  /** Every transcript of a booking, after its consent was withdrawn elsewhere (the consent dialog). */
  public Future<Void> shredBooking(String bookingId, String actor, String reason) {
    return store.where(new JsonObject().put("bookingId", bookingId)).compose(docs -> {
      Future<Void> chain = Future.succeededFuture();
      for (JsonObject d : docs) {
        chain = chain.compose(v -> shredder.shred(store, KIND, d, actor, reason));
      }
      return chain;
    });
  }

  public Future<Integer> sweep(Instant now) {
    return sweep(store, KIND, shredder, now);
  }

  static Future<Integer> sweep(SealedStore store, String kind, Shredder shredder, Instant now) {
    return store.expired(now, 100).compose(docs -> {
      Future<Void> chain = Future.succeededFuture();
      for (JsonObject d : docs) {
        chain = chain.compose(v -> shredder.shred(store, kind, d, "system", "retention ended"));
      }
      return chain.map(docs.size());
    });
  }

  private static boolean participant(JsonObject doc, Principal me) {
    return me.is(Role.EXPERT) ? me.id().equals(doc.getString("expertId")) : me.id().equals(doc.getString("studentId"));
  }

  /** The expert never sees the student's id: the label (pseudonym or name, as the student chose) stands for it. */
  private static JsonObject summary(JsonObject doc, Principal me) {
    JsonObject v = new JsonObject().put("id", doc.getString("_id")).put("bookingId", doc.getString("bookingId"))
        .put("expertId", doc.getString("expertId")).put("expertLabel", doc.getString("expertLabel"))
        .put("createdAt", doc.getString("createdAt")).put("expiresAt", doc.getString("expiresAt"))
        .put("messageCount", doc.getInteger("messageCount", 0)).put("destroyedAt", doc.getString("destroyedAt"));
    return me.is(Role.EXPERT) ? v : v.put("studentId", doc.getString("studentId"));
  }

  private static ProblemException gone(JsonObject doc) {
    return new ProblemException(410, "Transcript destroyed", "This transcript was destroyed ("
        + doc.getString("destroyedReason", "key destroyed") + ") and cannot be read by anyone",
        new JsonObject().put("destroyedAt", doc.getString("destroyedAt")));
  }
}
