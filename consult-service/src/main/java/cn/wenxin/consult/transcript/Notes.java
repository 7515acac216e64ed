package cn.wenxin.consult.transcript;

import cn.wenxin.consult.booking.BookingStore;
import cn.wenxin.consult.audit.AuditLog;
import cn.wenxin.consult.privacy.FieldCrypto;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.mongo.Mongo;
import cn.wenxin.infra.security.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.time.Duration;
import java.time.Instant;

/**
 * The expert's private notes on one booking: sealed like transcripts under a data key of their own, written and read
 * by that booking's expert only (not the student, not a parent), each access audited, destroyed when retention ends.
 */
public final class Notes {

  static final String KIND = "note";

  private final SealedStore store;
  private final BookingStore bookings;
  private final FieldCrypto crypto;
  private final Shredder shredder;
  private final AuditLog audit;
  private final Duration retention;

  public Notes(SealedStore store, MongoClient mongo, FieldCrypto crypto, Shredder shredder, AuditLog audit,
      Duration retention) {
    this.store = store;
    this.bookings = new BookingStore(mongo);
    this.crypto = crypto;
    this.shredder = shredder;
    this.audit = audit;
    this.retention = retention;
  }

  public Future<JsonObject> read(Principal me, String bookingId) {
    return ownBooking(me, bookingId).compose(b -> store.find(bookingId)).compose(doc -> {
      byte[] sealed = SealedStore.sealed(doc);
      if (sealed == null) {
        return Future.succeededFuture(view(bookingId, doc, ""));
      }
      return audit.recordAccess(me.id(), KIND + ".read", bookingId, "own note")
          .compose(v -> crypto.open(doc.getString("keyId"), sealed)).map(text -> view(bookingId, doc, text))
          .recover(err -> Future.failedFuture(err instanceof FieldCrypto.KeyDestroyedException
              ? new ProblemException(410, "Note destroyed", "The retention period of this note has ended") : err));
    });
  }

  /** The first write makes the note and its key; a lost race to make it falls back to resealing the winner's. */
  public Future<JsonObject> write(Principal me, String bookingId, String text) {
    return ownBooking(me, bookingId).compose(b -> store.find(bookingId)).compose(doc -> {
      if (doc != null && doc.getString("destroyedAt") != null) {
        return Future.failedFuture(new ProblemException(410, "Note destroyed",
            "The retention period of this note has ended; it was destroyed"));
      }
      Future<JsonObject> saved = doc != null ? reseal(doc, text) : create(me, bookingId, text)
          .recover(err -> Mongo.isDuplicateKey(err)
              ? store.find(bookingId).compose(winner -> reseal(winner, text)) : Future.failedFuture(err));
      return saved.compose(d -> audit.recordAccess(me.id(), KIND + ".written", bookingId, "own note").map(d))
          .map(d -> view(bookingId, d, text));
    });
  }

  public Future<Integer> sweep(Instant now) {
    return Transcripts.sweep(store, KIND, shredder, now);
  }

  private Future<JsonObject> create(Principal me, String bookingId, String text) {
    Instant now = Instant.now();
    return crypto.newKey(KIND + ":" + bookingId).compose(keyId -> crypto.seal(keyId, text).compose(sealed -> {
      JsonObject doc = new JsonObject().put("_id", bookingId).put("expertId", me.id()).put("keyId", keyId)
          .put("sealed", SealedStore.binary(sealed)).put("createdAt", now.toString()).put("updatedAt", now.toString())
          .put("expiresAt", now.plus(retention).toString());
      return store.insert(doc).map(doc);
    }));
  }

  private Future<JsonObject> reseal(JsonObject doc, String text) {
    Instant now = Instant.now();
    return crypto.seal(doc.getString("keyId"), text)
        .compose(sealed -> store.reseal(doc.getString("_id"), sealed, now))
        .compose(ok -> ok ? Future.succeededFuture(doc.copy().put("updatedAt", now.toString()))
            : Future.failedFuture(new ProblemException(410, "Note destroyed", "This note was destroyed")));
  }

  /** A booking that is not this expert's answers like one that does not exist. */
  private Future<JsonObject> ownBooking(Principal me, String bookingId) {
    return bookings.find(bookingId).compose(b -> b != null && me.id().equals(b.getString("expertId"))
        ? Future.succeededFuture(b) : Future.failedFuture(ProblemException.notFound("No booking " + bookingId)));
  }

  private static JsonObject view(String bookingId, JsonObject doc, String text) {
    return new JsonObject().put("bookingId", bookingId).put("text", text)
        .put("updatedAt", doc == null ? null : doc.getString("updatedAt"))
        .put("expiresAt", doc == null ? null : doc.getString("expiresAt"));
  }
}
