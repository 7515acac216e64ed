package cn.wenxin.consult.notification;

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
import java.util.UUID;

/** The in-app inbox. Each user's notifications carry an increasing {@code seq}, so a reconnecting tab can ask for what it missed. */
public final class NotificationStore {

  static final int PAGE = 50;

  private final MongoClient mongo;
  /** Per user, the last add still running on this node (touched only from the verticle's event loop). */
  private final java.util.Map<String, Future<JsonObject>> tails = new java.util.HashMap<>();

  public NotificationStore(MongoClient mongo) {
    this.mongo = mongo;
  }

  /** Takes the next number of the user's sequence (one atomic $inc on a counter document, created on first use). */
  Future<Long> nextSeq(String userId) {
    return mongo.findOneAndUpdateWithOptions(ConsultCollections.NOTIFICATION_COUNTERS,
            new JsonObject().put("_id", userId), new JsonObject().put("$inc", new JsonObject().put("seq", 1)),
            new FindOptions(), new UpdateOptions().setUpsert(true).setReturningNewDocument(true))
        .map(doc -> doc.getLong("seq"));
  }

  /**
   * Stores one notification. A user's notifications are numbered and stored one after another on this node, so they
   * are stored (and then published) in seq order: a tab resuming after seq n can never miss one numbered below n.
   */
  Future<JsonObject> add(String userId, String type, String title, String body, JsonObject data) {
    return add(null, userId, type, title, body, data);
  }

  /**
   * With an id of the sender's, a notification sent again (a retried job) is stored once: the second answer is the
   * first notification, and null tells the caller not to push it again.
   */
  Future<JsonObject> add(String id, String userId, String type, String title, String body, JsonObject data) {
    Future<JsonObject> previous = tails.getOrDefault(userId, Future.succeededFuture());
    Future<JsonObject> mine = previous.transform(ignored -> insert(id, userId, type, title, body, data));
    tails.put(userId, mine);
    mine.onComplete(done -> tails.remove(userId, mine));
    return mine;
  }

  private Future<JsonObject> insert(String id, String userId, String type, String title, String body,
                                    JsonObject data) {
    Future<JsonObject> first = id == null ? Future.succeededFuture(null)
        : mongo.findOne(ConsultCollections.NOTIFICATIONS, new JsonObject().put("_id", id), null);
    return first.compose(prior -> prior != null ? Future.succeededFuture(null) : nextSeq(userId).compose(seq -> {
      JsonObject doc = new JsonObject().put("_id", id != null ? id : UUID.randomUUID().toString()).put("userId", userId)
          .put("seq", seq).put("type", type).put("title", title).put("body", body)
          .put("data", data == null ? new JsonObject() : data).put("createdAt", Times.iso(Instant.now()))
          .putNull("readAt");
      return mongo.insert(ConsultCollections.NOTIFICATIONS, doc).map(x -> doc)
          .recover(err -> id != null && Mongo.isDuplicateKey(err) ? Future.succeededFuture(null)
              : Future.failedFuture(err));
    }));
  }

  Future<List<JsonObject>> latest(String userId) {
    return mongo.findWithOptions(ConsultCollections.NOTIFICATIONS, new JsonObject().put("userId", userId),
        new FindOptions().setSort(new JsonObject().put("seq", -1)).setLimit(PAGE));
  }

  Future<List<JsonObject>> after(String userId, long seq) {
    return mongo.findWithOptions(ConsultCollections.NOTIFICATIONS,
        new JsonObject().put("userId", userId).put("seq", new JsonObject().put("$gt", seq)),
        new FindOptions().setSort(new JsonObject().put("seq", 1)).setLimit(PAGE));
  }

  Future<Long> unread(String userId) {
    return mongo.count(ConsultCollections.NOTIFICATIONS, new JsonObject().put("userId", userId).putNull("readAt"));
  }

  /** Only the owner can mark it; false when there is no such notification of theirs. */
  Future<Boolean> markRead(String userId, String id) {
    return mongo.updateCollection(ConsultCollections.NOTIFICATIONS,
            new JsonObject().put("_id", id).put("userId", userId),
            new JsonObject().put("$set", new JsonObject().put("readAt", Times.iso(Instant.now()))))
        .map(r -> r.getDocMatched() > 0);
  }

  static JsonObject view(JsonObject doc) {
    JsonObject v = doc.copy();
    v.put("id", v.remove("_id"));
    v.remove("userId");
    return v;
  }

  static JsonArray views(List<JsonObject> docs) {
    JsonArray a = new JsonArray();
    docs.forEach(d -> a.add(view(d)));
    return a;
  }
}
