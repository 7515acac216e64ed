package cn.wenxin.live.stream;

import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceClient;
import cn.wenxin.infra.bus.ServiceRequest;
import cn.wenxin.infra.security.Principal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * Watch time per person and livestream ({@code live_attendance}, {@code _id = streamId|userId}). Once a person's
 * time in a live lesson reaches the configured minimum, the lesson service is told the lesson was attended (it
 * records progress and credits once per lesson).
 */
final class Attendance {

  static final String COLLECTION = "live_attendance";
  private static final Logger log = LoggerFactory.getLogger(Attendance.class);

  private final Vertx vertx;
  private final MongoClient mongo;
  private final int attendSeconds;

  Attendance(Vertx vertx, MongoClient mongo, int attendSeconds) {
    this.vertx = vertx;
    this.mongo = mongo;
    this.attendSeconds = attendSeconds;
  }

  /** Adds a stretch of live watching and, when the lesson's minimum is reached, reports the lesson attended. */
  Future<Void> add(JsonObject stream, Principal who, long sinceMs, long untilMs) {
    long seconds = Math.max(0, (untilMs - sinceMs) / 1000);
    String id = stream.getString("_id") + "|" + who.id();
    JsonObject update = new JsonObject()
        .put("$inc", new JsonObject().put("seconds", seconds).put("visits", 1))
        .put("$set", new JsonObject().put("streamId", stream.getString("_id")).put("userId", who.id())
            .put("role", who.role().wire()).put("lastAt", Instant.ofEpochMilli(untilMs).toString()));
    return mongo.updateCollectionWithOptions(COLLECTION, new JsonObject().put("_id", id), update,
            new UpdateOptions().setUpsert(true))
        .compose(r -> mongo.findOne(COLLECTION, new JsonObject().put("_id", id), null))
        .compose(doc -> {
          String lessonId = stream.getString("lessonId");
          if (lessonId == null || doc == null || doc.getLong("seconds", 0L) < attendSeconds) {
            return Future.succeededFuture();
          }
          return new ServiceClient(vertx).<JsonObject>ask(Addresses.LESSONS, "lessonAttended",
                  ServiceRequest.of(who, new JsonObject(), new JsonObject().put("lessonId", lessonId)
                      .put("via", "live").put("seconds", doc.getLong("seconds"))))
              .mapEmpty();
        })
        .onFailure(err -> log.error("Watch time of stream {} not recorded: {}", stream.getString("_id"),
            err.toString()))
        .mapEmpty();
  }

  /** The caller's watch time in one stream, seconds. */
  Future<Long> secondsOf(String streamId, String userId) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", streamId + "|" + userId), null)
        .map(d -> d == null ? 0L : d.getLong("seconds", 0L));
  }
}
