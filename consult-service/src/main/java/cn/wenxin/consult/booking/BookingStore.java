package cn.wenxin.consult.booking;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.consult.directory.Times;
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
 * conditional update on the status it leaves, so two concurrent changes cannot both win.
 */
public final class BookingStore {

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

  /** Applies {@code set} only if the booking is still in {@code from} (and matches {@code extra}); the new document or null. */
  public Future<JsonObject> transition(String id, String from, JsonObject extra, JsonObject set) {
    JsonObject filter = new JsonObject().put("_id", id).put("status", from).mergeIn(extra);
    set.put("updatedAt", Times.iso(Instant.now()));
    return mongo.findOneAndUpdateWithOptions(ConsultCollections.BOOKINGS, filter, new JsonObject().put("$set", set),
        new FindOptions(), new UpdateOptions().setReturningNewDocument(true));
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

  /** The wire form: {@code id} for {@code _id}, and no claim bookkeeping. */
  public static JsonObject view(JsonObject doc) {
    JsonObject v = doc.copy();
    v.put("id", v.remove("_id"));
    v.remove("dayClaim");
    v.remove("capClaim");
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
