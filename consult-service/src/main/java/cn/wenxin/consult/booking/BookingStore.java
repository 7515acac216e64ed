package cn.wenxin.consult.booking;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.consult.directory.Times;
import cn.wenxin.infra.mongo.Mongo;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.time.Instant;
import java.util.List;

/**
 * Booking documents. Status: {@code offered} (a waitlist offer holding the slot) → {@code confirmed} →
 * {@code cancelled} | {@code no_show}; an offer may also become {@code expired}. Every change of status is a
 * conditional update on the version it read ({@link #change}), so two concurrent changes cannot both win, and a
 * change carries what must follow it in the same write (its outbox).
 */
public class BookingStore {

  public static final String OFFERED = "offered";
  public static final String CONFIRMED = "confirmed";
  public static final String CANCELLED = "cancelled";
  public static final String NO_SHOW = "no_show";
  public static final String EXPIRED = "expired";

  /** What a student or parent sees in their list: offers live in the waitlist. */
  static final JsonArray LISTED = new JsonArray().add(CONFIRMED).add(CANCELLED).add(NO_SHOW);

  private final MongoClient mongo;

  public BookingStore(MongoClient mongo) {
    this.mongo = mongo;
  }

  public Future<Void> insert(JsonObject doc) {
    return mongo.insert(ConsultCollections.BOOKINGS, doc).mapEmpty();
  }

  public Future<JsonObject> find(String id) {
    return mongo.findOne(ConsultCollections.BOOKINGS, new JsonObject().put("_id", id), null);
  }

  /**
   * The one way a booking changes: only if it is still at {@code version} and in one of {@code from}. Sets
   * {@code set}, bumps the version, and appends {@code tasks} to its outbox in the same document write, so what
   * must follow the change is never lost. The new document, or null when another change came first.
   */
  public Future<JsonObject> change(String id, int version, JsonArray from, JsonObject set, JsonArray tasks) {
    return change(id, version, from, new JsonObject(), set, tasks);
  }

  /** {@link #change}, only while the booking also matches {@code extra}. */
  public Future<JsonObject> change(String id, int version, JsonArray from, JsonObject extra, JsonObject set,
                                   JsonArray tasks) {
    JsonObject filter = new JsonObject().put("_id", id).put("version", version)
        .put("status", new JsonObject().put("$in", from)).mergeIn(extra);
    String now = Times.iso(Instant.now());
    JsonObject update = new JsonObject()
        .put("$set", set.copy().put("version", version + 1).put("updatedAt", now).put("outboxDue", now))
        .put("$push", new JsonObject().put("outbox", new JsonObject().put("$each", tasks)));
    return mongo.findOneAndUpdateWithOptions(ConsultCollections.BOOKINGS, filter, update, new FindOptions(),
        new UpdateOptions().setReturningNewDocument(true));
  }

  /** Makes an attempt that began at {@code version} unable to finish (it will find another version). */
  public Future<Boolean> fence(String id, int version) {
    return mongo.updateCollection(ConsultCollections.BOOKINGS, new JsonObject().put("_id", id).put("version", version),
        new JsonObject().put("$inc", new JsonObject().put("version", 1))).map(r -> r.getDocModified() > 0);
  }

  /**
   * Makes a booking id unusable, so that an attempt still on its way cannot write it later: true if this call
   * took the id, false if a booking with it exists.
   */
  public Future<Boolean> voidId(String id) {
    return mongo.insert(ConsultCollections.BOOKINGS, new JsonObject().put("_id", id).put("status", EXPIRED)
            .put("version", 0).put("voidedAt", Times.iso(Instant.now())))
        .map(true).recover(err -> Mongo.isDuplicateKey(err) ? Future.succeededFuture(false)
            : Future.failedFuture(err));
  }

  /** Outbox tasks done: removed (and the outbox marked empty when nothing newer was added meanwhile). */
  public Future<Void> outboxDone(JsonObject b, List<String> doneIds) {
    JsonObject filter = new JsonObject().put("_id", b.getString("_id")).put("version", b.getInteger("version"));
    if (doneIds.size() == b.getJsonArray("outbox", new JsonArray()).size()) {
      return mongo.updateCollection(ConsultCollections.BOOKINGS, filter, new JsonObject()
              .put("$set", new JsonObject().put("outbox", new JsonArray()))
              .put("$unset", new JsonObject().put("outboxDue", "")))
          .compose(r -> r.getDocMatched() > 0 ? Future.succeededFuture() : pull(b.getString("_id"), doneIds));
    }
    return pull(b.getString("_id"), doneIds);
  }

  private Future<Void> pull(String id, List<String> doneIds) {
    return doneIds.isEmpty() ? Future.succeededFuture()
        : mongo.updateCollection(ConsultCollections.BOOKINGS, new JsonObject().put("_id", id), new JsonObject()
            .put("$pull", new JsonObject().put("outbox", new JsonObject().put("id", new JsonObject()
                .put("$in", new JsonArray(doneIds)))))).mapEmpty();
  }

  /** Bookings whose outbox has waited longer than a request takes: a node died, or a task failed. */
  public Future<List<JsonObject>> withOutboxDue(Instant before, int limit) {
    return mongo.findWithOptions(ConsultCollections.BOOKINGS,
        new JsonObject().put("outboxDue", new JsonObject().put("$lte", Times.iso(before))),
        new FindOptions().setLimit(limit));
  }

  public Future<List<JsonObject>> ofStudents(List<String> studentIds, boolean upcoming) {
    String now = Times.iso(Instant.now());
    JsonObject filter = new JsonObject()
        .put("studentId", new JsonObject().put("$in", new JsonArray(studentIds)))
        .put("status", new JsonObject().put("$in", LISTED));
    if (upcoming) {
      filter.put("status", CONFIRMED).put("end", new JsonObject().put("$gt", now));
    } else {
      filter.put("$or", new JsonArray().add(new JsonObject().put("end", new JsonObject().put("$lte", now)))
          .add(new JsonObject().put("status", new JsonObject().put("$ne", CONFIRMED))));
    }
    return mongo.findWithOptions(ConsultCollections.BOOKINGS, filter,
        new FindOptions().setSort(new JsonObject().put("start", upcoming ? 1 : -1)).setLimit(200));
  }

  public Future<List<JsonObject>> ofExpert(String expertId, Instant from, Instant to) {
    JsonObject filter = new JsonObject().put("expertId", expertId)
        .put("status", new JsonObject().put("$in", LISTED))
        .put("start", new JsonObject().put("$gte", Times.iso(from)).put("$lt", Times.iso(to)));
    return mongo.findWithOptions(ConsultCollections.BOOKINGS, filter,
        new FindOptions().setSort(new JsonObject().put("start", 1)).setLimit(500));
  }

  public Future<List<JsonObject>> findIds(List<String> ids) {
    return mongo.find(ConsultCollections.BOOKINGS, new JsonObject().put("_id", new JsonObject().put("$in",
        new JsonArray(ids))));
  }

  public Future<List<JsonObject>> expiredOffers(Instant now) {
    return mongo.findWithOptions(ConsultCollections.BOOKINGS, new JsonObject().put("status", OFFERED)
        .put("offerExpiresAt", new JsonObject().put("$lte", Times.iso(now))), new FindOptions().setLimit(100));
  }

  /** Keeps the guardianConsentRequired flag of a child's bookings in step with the consent on file. */
  public Future<Long> setConsentRequired(String studentId, boolean required) {
    return mongo.updateCollectionWithOptions(ConsultCollections.BOOKINGS,
            new JsonObject().put("studentId", studentId).put("guardianConsentRequired", !required),
            new JsonObject().put("$set", new JsonObject().put("guardianConsentRequired", required)),
            new UpdateOptions().setMulti(true))
        .map(r -> r.getDocModified());
  }

  public Future<Long> count(JsonObject filter) {
    return mongo.count(ConsultCollections.BOOKINGS, filter);
  }

  /** The wire form: {@code id} for {@code _id}, and no hold or outbox bookkeeping. */
  public static JsonObject view(JsonObject doc) {
    JsonObject v = doc.copy();
    v.put("id", v.remove("_id"));
    v.remove("holds");
    v.remove("outbox");
    v.remove("outboxDue");
    v.remove("version");
    // Until when a change is free, so that a client never has to know the policy window itself.
    v.put("freeChangeUntil", Times.iso(Instant.parse(doc.getString("start")).minus(BookingChanges.FREE_CHANGE_UNTIL)));
    v.put("joinPath", StudentShown.joinPath(v.getString("id")));
    return v;
  }

  public static JsonArray views(List<JsonObject> docs) {
    JsonArray a = new JsonArray();
    docs.forEach(d -> a.add(view(d)));
    return a;
  }
}
