package cn.wenxin.consult.session;

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
 * One document per booking ({@code bookingId} unique). Every change of state is one conditional update on the
 * state it leaves, so of two racing transitions exactly one is applied and recorded in {@code history}.
 */
final class SessionStore {

  private final MongoClient mongo;

  SessionStore(MongoClient mongo) {
    this.mongo = mongo;
  }

  /** Inserts {@code doc} unless the booking has a session; either way answers the booking's session. */
  Future<JsonObject> ensure(JsonObject doc) {
    JsonObject byBooking = new JsonObject().put("bookingId", doc.getString("bookingId"));
    return mongo.findOneAndUpdateWithOptions(ConsultCollections.SESSIONS, byBooking,
            new JsonObject().put("$setOnInsert", doc), new FindOptions(),
            new UpdateOptions().setUpsert(true).setReturningNewDocument(true))
        // Two first opens at once: the loser's upsert hits the unique index; the winner's document is there.
        .recover(err -> mongo.findOne(ConsultCollections.SESSIONS, byBooking, null));
  }

  /** Counseling sessions in progress (hotline chats are active from their start, so they are not counted). */
  Future<Long> countActive() {
    return mongo.count(ConsultCollections.SESSIONS, new JsonObject().put("state", SessionState.ACTIVE.wire())
        .put("kind", new JsonObject().put("$ne", HotlineChats.KIND)));
  }

  Future<JsonObject> find(String id) {
    return mongo.findOne(ConsultCollections.SESSIONS, new JsonObject().put("_id", id), null);
  }

  Future<JsonObject> byBooking(String bookingId) {
    return mongo.findOne(ConsultCollections.SESSIONS, new JsonObject().put("bookingId", bookingId), null);
  }

  /** The new document, or null when the session was no longer in {@code from}. */
  Future<JsonObject> transition(String id, SessionState from, SessionState to, JsonObject entry, JsonObject set) {
    String now = Times.iso(Instant.now());
    JsonObject filter = new JsonObject().put("_id", id).put("state", from.wire());
    JsonObject update = new JsonObject()
        .put("$set", set.copy().put("state", to.wire()).put("updatedAt", now))
        .put("$inc", new JsonObject().put("version", 1))
        .put("$push", new JsonObject().put("history", entry.copy().put("from", from.wire()).put("to", to.wire())
            .put("at", now)));
    return mongo.findOneAndUpdateWithOptions(ConsultCollections.SESSIONS, filter, update, new FindOptions(),
        new UpdateOptions().setReturningNewDocument(true));
  }

  /** Sets fields while the session is in {@code state} (times of a moved booking, the hand-off mark). */
  Future<JsonObject> setIf(String id, SessionState state, JsonObject set) {
    return mongo.findOneAndUpdateWithOptions(ConsultCollections.SESSIONS,
        new JsonObject().put("_id", id).put("state", state.wire()), new JsonObject().put("$set", set),
        new FindOptions(), new UpdateOptions().setReturningNewDocument(true));
  }

  /** Open sessions whose window has closed. */
  Future<List<JsonObject>> overdue(Instant now) {
    JsonArray open = new JsonArray();
    SessionState.open().forEach(s -> open.add(s.wire()));
    return mongo.findWithOptions(ConsultCollections.SESSIONS, new JsonObject()
        .put("state", new JsonObject().put("$in", open))
        .put("closesAt", new JsonObject().put("$lte", Times.iso(now))), new FindOptions().setLimit(100));
  }

  /** Closed sessions whose live messages were not handed off and cleared yet (a node died in between). */
  Future<List<JsonObject>> uncleared() {
    return mongo.findWithOptions(ConsultCollections.SESSIONS, new JsonObject().put("liveMessages", "pending")
        .put("state", new JsonObject().put("$nin", new JsonArray(SessionState.open().stream()
            .map(SessionState::wire).toList()))), new FindOptions().setLimit(100));
  }

  Future<Boolean> markCleared(String id) {
    return mongo.updateCollection(ConsultCollections.SESSIONS, new JsonObject().put("_id", id),
        new JsonObject().put("$set", new JsonObject().put("liveMessages", "cleared")))
        .map(r -> r.getDocModified() == 1);
  }

  /** Stores the student's feedback once. */
  Future<Boolean> feedback(String id, JsonObject feedback) {
    return mongo.updateCollection(ConsultCollections.SESSIONS, new JsonObject().put("_id", id)
            .put("feedback", new JsonObject().put("$exists", false)),
        new JsonObject().put("$set", new JsonObject().put("feedback", feedback)))
        .map(r -> r.getDocModified() == 1);
  }
}
