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

/** Waitlist entries, one per (student, expert, date) by the unique {@code key}; status waiting → offered → booked | left | expired. */
final class WaitlistStore {

  static final String WAITING = "waiting";
  static final String OFFERED = "offered";
  static final String BOOKED = "booked";
  static final String LEFT = "left";
  static final String EXPIRED = "expired";

  private final MongoClient mongo;

  WaitlistStore(MongoClient mongo) {
    this.mongo = mongo;
  }

  static String key(String studentId, String expertId, String date) {
    return studentId + "|" + expertId + "|" + date;
  }

  Future<Void> insert(JsonObject doc) {
    return mongo.insert(ConsultCollections.WAITLIST, doc).mapEmpty();
  }

  Future<JsonObject> byKey(String key) {
    return mongo.findOne(ConsultCollections.WAITLIST, new JsonObject().put("key", key), null);
  }

  Future<JsonObject> find(String id) {
    return mongo.findOne(ConsultCollections.WAITLIST, new JsonObject().put("_id", id), null);
  }

  /** A conditional status change; the new document, or null when the entry was no longer in {@code from}. */
  Future<JsonObject> transition(String id, JsonArray from, JsonObject set) {
    return mongo.findOneAndUpdateWithOptions(ConsultCollections.WAITLIST,
        new JsonObject().put("_id", id).put("status", new JsonObject().put("$in", from)),
        new JsonObject().put("$set", set), new FindOptions(), new UpdateOptions().setReturningNewDocument(true));
  }

  /** The first still waiting for that expert's day. */
  Future<JsonObject> firstWaiting(String expertId, String date) {
    return mongo.findWithOptions(ConsultCollections.WAITLIST,
            new JsonObject().put("expertId", expertId).put("date", date).put("status", WAITING),
            new FindOptions().setSort(new JsonObject().put("queuedAt", 1).put("_id", 1)).setLimit(1))
        .map(list -> list.isEmpty() ? null : list.get(0));
  }

  Future<List<JsonObject>> ofStudents(List<String> studentIds) {
    return mongo.findWithOptions(ConsultCollections.WAITLIST,
        new JsonObject().put("studentId", new JsonObject().put("$in", new JsonArray(studentIds)))
            .put("status", new JsonObject().put("$in", new JsonArray().add(WAITING).add(OFFERED)))
            .put("date", new JsonObject().put("$gte", Times.iso(Instant.now().minusSeconds(86_400)).substring(0, 10))),
        new FindOptions().setSort(new JsonObject().put("date", 1)));
  }

  static JsonObject view(JsonObject doc) {
    JsonObject v = doc.copy();
    v.put("id", v.remove("_id"));
    v.remove("key");
    return v;
  }
}
