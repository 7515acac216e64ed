package cn.wenxin.consult.booking;

import cn.wenxin.consult.ConsultCollections;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.BulkWriteOptions;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The no-double-booking guarantee, held by the database in one document per write.
 *
 * <p>Time: one document per expert-day {@code E|expertId|utcDate} and per student-day {@code S|studentId|utcDate},
 * {@code iv: [{s, e, t, b, v, p, x}]} (start and end in epoch seconds, the attempt's token, booking id, the booking
 * version the attempt started from, pending flag, pending expiry in epoch ms). An interval is taken by ONE
 * conditional update whose filter rejects any overlapping entry of another booking, with upsert: when the document
 * is missing exactly one attempt creates it and the others get duplicate key 11000 (a conflict, not an error). An
 * interval is stored in every UTC day it touches, so two overlapping intervals always meet in one document; the
 * documents are taken in a fixed order and released by the taker on failure. Exact for any minute offsets.
 *
 * <p>Caps: {@code D|expertId|localDate} (sessions per expert day) and {@code C|studentId} (upcoming bookings) hold one
 * entry per booking; the filter "the cap-th entry does not exist" makes the count race-free the same way.
 *
 * <p>Every entry is owned by one attempt's token and released by {@code $pull} on that token only. It starts pending
 * (with an expiry) and is settled by {@link HoldSweeper} once a booking is seen to own it, or released if none does.
 */
class TimeHolds {

  /** An interval taken by another booking. */
  static final class Taken extends RuntimeException {
    Taken() {
      super("taken", null, false, false);
    }
  }

  /** A cap that is full. */
  static final class Full extends RuntimeException {
    Full() {
      super("full", null, false, false);
    }
  }

  /** One entry, as a booking lists it: the hold document and the token that owns the entry there. */
  record Hold(String id, String token) {
    JsonObject json() {
      return new JsonObject().put("id", id).put("t", token);
    }

    static List<Hold> of(JsonArray holds) {
      List<Hold> list = new ArrayList<>();
      if (holds != null) {
        holds.forEach(o -> list.add(new Hold(((JsonObject) o).getString("id"), ((JsonObject) o).getString("t"))));
      }
      return list;
    }

    static JsonArray json(Collection<Hold> holds) {
      JsonArray a = new JsonArray();
      holds.forEach(h -> a.add(h.json()));
      return a;
    }
  }

  /** Who takes: a token of its own, the booking it is for, and that booking's version when it began (-1: new). */
  record Attempt(String token, String bookingId, int baseVersion, Instant pendingUntil) {
  }

  private final MongoClient mongo;

  TimeHolds(MongoClient mongo) {
    this.mongo = mongo;
  }

  static String expertDay(String expertId, LocalDate utcDay) {
    return "E|" + expertId + "|" + utcDay;
  }

  static String studentDay(String studentId, LocalDate utcDay) {
    return "S|" + studentId + "|" + utcDay;
  }

  static String dailyCap(String expertId, LocalDate localDay) {
    return "D|" + expertId + "|" + localDay;
  }

  static String upcoming(String studentId) {
    return "C|" + studentId;
  }

  /** The UTC days [start, end) touches, in order. */
  static List<LocalDate> utcDays(Instant start, Instant end) {
    List<LocalDate> days = new ArrayList<>();
    LocalDate last = end.minusSeconds(1).atOffset(ZoneOffset.UTC).toLocalDate();
    for (LocalDate d = start.atOffset(ZoneOffset.UTC).toLocalDate(); !d.isAfter(last); d = d.plusDays(1)) {
      days.add(d);
    }
    return days;
  }

  private static JsonObject entry(Attempt a) {
    return new JsonObject().put("t", a.token()).put("b", a.bookingId()).put("v", a.baseVersion()).put("p", true)
        .put("x", a.pendingUntil().toEpochMilli());
  }

  /** One place to take: a day document's interval or a cap document's entry, and what a refusal there means. */
  record Take(String id, JsonObject filter, JsonObject update, RuntimeException refused) {
  }

  /** [start, end) in every day document of {@code side|who}, in day order; {@code refused} when one overlaps. */
  static List<Take> time(String side, String who, Instant start, Instant end, Attempt a, RuntimeException refused) {
    long s = start.getEpochSecond();
    long e = end.getEpochSecond();
    JsonObject overlap = new JsonObject().put("s", new JsonObject().put("$lt", e))
        .put("e", new JsonObject().put("$gt", s)).put("b", new JsonObject().put("$ne", a.bookingId()));
    List<Take> takes = new ArrayList<>();
    for (LocalDate day : utcDays(start, end)) {
      String id = side + "|" + who + "|" + day;
      JsonObject filter = new JsonObject().put("_id", id)
          .put("iv", new JsonObject().put("$not", new JsonObject().put("$elemMatch", overlap)));
      JsonObject update = new JsonObject()
          .put("$push", new JsonObject().put("iv", entry(a).put("s", s).put("e", e)))
          .put("$setOnInsert", new JsonObject().put("k", side).put("day", day.toString()));
      takes.add(new Take(id, filter, update, refused));
    }
    return takes;
  }

  /** One of {@code cap} places in a cap document; {@code refused} when it is full. */
  static Take count(String id, int cap, String day, Attempt a, RuntimeException refused) {
    JsonObject filter = new JsonObject().put("_id", id)
        .put("iv." + (cap - 1), new JsonObject().put("$exists", false));
    JsonObject update = new JsonObject().put("$push", new JsonObject().put("iv", entry(a)))
        .put("$setOnInsert", day == null ? new JsonObject().put("k", id.substring(0, 1))
            : new JsonObject().put("k", id.substring(0, 1)).put("day", day));
    return new Take(id, filter, update, refused);
  }

  /** Takes [start, end) in every day document of {@code side|who}; fails with {@link Taken}, having taken nothing. */
  Future<List<Hold>> takeTime(String side, String who, Instant start, Instant end, Attempt a) {
    return take(time(side, who, start, end, a, new Taken()), a);
  }

  /**
   * Takes every place in order in ONE ordered batch of conditional upserts: one round trip, and on the embedded
   * store one commit. A refusal is a duplicate key (the upsert of a document whose filter failed), which stops an
   * ordered batch right there, exactly as taking them one by one would (the embedded server is made to honour
   * that too, {@code DurableH2Backend}); that take's {@code refused} is the answer. On any failure every place is
   * released by this attempt's token, in one write (where it took nothing, no entry has that token).
   */
  Future<List<Hold>> take(List<Take> takes, Attempt a) {
    if (takes.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<Hold> all = takes.stream().map(t -> new Hold(t.id(), a.token())).toList();
    List<BulkOperation> ops = takes.stream()
        .map(t -> BulkOperation.createUpdate(t.filter(), t.update(), true, false)).toList();
    return mongo.bulkWriteWithOptions(ConsultCollections.TIME_HOLDS, ops, new BulkWriteOptions().setOrdered(true))
        .<List<Hold>>compose(r -> r.getMatchedCount() + r.getUpserts().size() == takes.size()
            ? Future.succeededFuture(all)
            : Future.failedFuture(new IllegalStateException("holds batch matched " + r.getMatchedCount()
                + " and upserted " + r.getUpserts().size() + " of " + takes.size())))
        .recover(err -> {
          int at = refusedAt(err);
          return release(all).compose(v -> Future.failedFuture(at < 0 ? err : takes.get(at).refused()));
        });
  }

  /** The index of the batch's one duplicate-key refusal (11000), or -1 when it failed otherwise. */
  private static int refusedAt(Throwable err) {
    for (Throwable t = err; t != null; t = t.getCause()) {
      if (t instanceof MongoBulkWriteException b) {
        List<BulkWriteError> errors = b.getWriteErrors();
        return errors.size() == 1 && errors.get(0).getCode() == 11000 ? errors.get(0).getIndex() : -1;
      }
    }
    return -1;
  }

  /** Pulls each entry by its token: whatever else the documents hold stays. */
  Future<Void> release(Collection<Hold> holds) {
    Map<String, JsonArray> byToken = new LinkedHashMap<>();
    holds.forEach(h -> byToken.computeIfAbsent(h.token(), k -> new JsonArray()).add(h.id()));
    Future<Void> chain = Future.succeededFuture();
    for (Map.Entry<String, JsonArray> e : byToken.entrySet()) {
      chain = chain.compose(v -> mongo.updateCollectionWithOptions(ConsultCollections.TIME_HOLDS,
          new JsonObject().put("_id", new JsonObject().put("$in", e.getValue())),
          new JsonObject().put("$pull", new JsonObject().put("iv", new JsonObject().put("t", e.getKey()))),
          new UpdateOptions().setMulti(true)).mapEmpty());
    }
    return chain;
  }

  /** A pending entry whose booking owns it: no longer pending. */
  Future<Void> settle(Hold h) {
    return mongo.updateCollection(ConsultCollections.TIME_HOLDS, new JsonObject().put("_id", h.id()).put("iv.t",
        h.token()), new JsonObject().put("$set", new JsonObject().put("iv.$.p", false))).mapEmpty();
  }

  Future<JsonObject> find(String id) {
    return mongo.findOne(ConsultCollections.TIME_HOLDS, new JsonObject().put("_id", id), null);
  }

  /** Documents with a pending entry whose expiry has passed. */
  Future<List<JsonObject>> withLapsedPending(Instant now, int limit) {
    return mongo.findWithOptions(ConsultCollections.TIME_HOLDS, new JsonObject().put("iv", new JsonObject()
            .put("$elemMatch", new JsonObject().put("p", true).put("x", new JsonObject().put("$lt",
                now.toEpochMilli())))),
        new FindOptions().setLimit(limit));
  }

  /** Day documents of days long past (cap documents of a day too): they guard nothing any more. */
  Future<Long> removeDaysBefore(LocalDate day) {
    return mongo.removeDocuments(ConsultCollections.TIME_HOLDS,
            new JsonObject().put("day", new JsonObject().put("$lt", day.toString())))
        .map(r -> r == null ? 0L : r.getRemovedCount());
  }
}
