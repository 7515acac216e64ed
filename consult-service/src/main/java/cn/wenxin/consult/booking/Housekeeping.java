package cn.wenxin.consult.booking;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.consult.directory.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Removes booking records whose work is done. The embedded server scans instead of using secondary indexes, and
 * ignores TTL indexes, so the collections polled often (holds, reminder jobs) must stay small by deletion.
 */
final class Housekeeping {

  /** Day documents stay two days past their day, so that no-show marking and late changes still see them. */
  static final Duration HOLDS_KEPT = Duration.ofDays(2);
  /** A retry with the same Idempotency-Key after a day is a new request. */
  static final Duration IDEMPOTENCY_KEPT = Duration.ofDays(1);
  static final Duration FIRED_JOBS_KEPT = Duration.ofDays(7);

  private final MongoClient mongo;
  private final TimeHolds holds;

  Housekeeping(MongoClient mongo, TimeHolds holds) {
    this.mongo = mongo;
    this.holds = holds;
  }

  /** Sweeps everything once; answers how many records went. */
  Future<Long> sweep(Instant now) {
    return holds.removeDaysBefore(now.minus(HOLDS_KEPT).atOffset(ZoneOffset.UTC).toLocalDate())
        .compose(a -> removeOlder(ConsultCollections.IDEMPOTENCY, "createdAt", now.minus(IDEMPOTENCY_KEPT))
            .map(b -> a + b))
        .compose(ab -> removeOlder(ConsultCollections.REMINDER_JOBS, "firedAt", now.minus(FIRED_JOBS_KEPT))
            .map(c -> ab + c));
  }

  private Future<Long> removeOlder(String collection, String field, Instant cutoff) {
    // ISO-8601 UTC strings of one length sort as time does; a null firedAt (not yet fired) never matches $lt.
    return mongo.removeDocuments(collection, new JsonObject().put(field, new JsonObject().put("$lt", Times.iso(cutoff))))
        .map(r -> r == null ? 0L : r.getRemovedCount());
  }
}
