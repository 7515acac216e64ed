package cn.wenxin.consult.booking;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.infra.mongo.Mongo;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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

  /** Takes [start, end) in every day document of {@code side|who}; fails with {@link Taken}, having taken nothing. */
  Future<List<Hold>> takeTime(String side, String who, Instant start, Instant end, Attempt a) {
    long s = start.getEpochSecond();
    long e = end.getEpochSecond();
    JsonObject overlap = new JsonObject().put("s", new JsonObject().put("$lt", e))
        .put("e", new JsonObject().put("$gt", s)).put("b", new JsonObject().put("$ne", a.bookingId()));
    List<Hold> taken = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (LocalDate day : utcDays(start, end)) {
      String id = side + "|" + who + "|" + day;
      JsonObject filter = new JsonObject().put("_id", id)
          .put("iv", new JsonObject().put("$not", new JsonObject().put("$elemMatch", overlap)));
      JsonObject update = new JsonObject()
          .put("$push", new JsonObject().put("iv", entry(a).put("s", s).put("e", e)))
          .put("$setOnInsert", new JsonObject().put("k", side).put("day", day.toString()));
      chain = chain.compose(v -> push(id, filter, update, new Taken())).onSuccess(v -> taken.add(new Hold(id,
          a.token())));
    }
    return chain.map(v -> taken).recover(err -> release(taken).compose(v -> Future.failedFuture(err)));
  }

  /** Takes one of {@code cap} places in a cap document; fails with {@link Full}. */
  Future<Hold> takeCount(String id, int cap, String day, Attempt a) {
    JsonObject filter = new JsonObject().put("_id", id)
        .put("iv." + (cap - 1), new JsonObject().put("$exists", false));
    JsonObject update = new JsonObject().put("$push", new JsonObject().put("iv", entry(a)))
        .put("$setOnInsert", day == null ? new JsonObject().put("k", id.substring(0, 1))
            : new JsonObject().put("k", id.substring(0, 1)).put("day", day));
    return push(id, filter, update, new Full()).map(new Hold(id, a.token()));
  }

  private Future<Void> push(String id, JsonObject filter, JsonObject update, RuntimeException refused) {
    return mongo.updateCollectionWithOptions(ConsultCollections.TIME_HOLDS, filter, update,
            new UpdateOptions().setUpsert(true))
        .compose(r -> r.getDocMatched() > 0 || r.getDocUpsertedId() != null ? Future.<Void>succeededFuture()
            : Future.failedFuture(refused))
        .recover(err -> Mongo.isDuplicateKey(err) ? Future.failedFuture(refused) : Future.failedFuture(err));
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
