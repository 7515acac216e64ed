package cn.wenxin.consult.booking;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.consult.directory.Times;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceClient;
import cn.wenxin.infra.bus.ServiceRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Notifications that must go out exactly once, as jobs in Mongo. A job is claimed by
 * {@code findOneAndUpdate({_id, firedAt: null}, {$set: {firedAt}})}: of any number of nodes, pollers and restarts,
 * one claim wins and only the winner sends. A node that dies between claim and send loses that one message
 * (at most once, never twice).
 */
public final class ReminderJobs {

  private static final Logger log = LoggerFactory.getLogger(ReminderJobs.class);
  static final Map<String, Duration> BEFORE = Map.of("reminder_24h", Duration.ofHours(24),
      "reminder_15m", Duration.ofMinutes(15));

  private final MongoClient mongo;
  private final ServiceClient bus;
  private final Mailer mailer;

  public ReminderJobs(MongoClient mongo, ServiceClient bus, Mailer mailer) {
    this.mongo = mongo;
    this.bus = bus;
    this.mailer = mailer;
  }

  static String reminderId(String bookingId, String kind, String start) {
    return bookingId + "|" + kind + "|" + start;
  }

  /** The 24 h and 15 min reminders of a confirmed booking; those already in the past are skipped. */
  public Future<Void> schedule(JsonObject booking) {
    Instant start = Instant.parse(booking.getString("start"));
    Future<Void> chain = Future.succeededFuture();
    for (Map.Entry<String, Duration> e : BEFORE.entrySet()) {
      Instant due = start.minus(e.getValue());
      if (due.isBefore(Instant.now())) {
        continue;
      }
      String id = reminderId(booking.getString("_id"), e.getKey(), booking.getString("start"));
      JsonObject job = new JsonObject().put("bookingId", booking.getString("_id")).put("kind", e.getKey())
          .put("start", booking.getString("start")).put("dueAt", Times.iso(due)).putNull("firedAt");
      chain = chain.compose(v -> mongo.replaceDocumentsWithOptions(ConsultCollections.REMINDER_JOBS,
          new JsonObject().put("_id", id), job, new UpdateOptions().setUpsert(true)).mapEmpty());
    }
    return chain;
  }

  public Future<Void> unschedule(String bookingId, String start) {
    JsonArray ids = new JsonArray();
    BEFORE.keySet().forEach(k -> ids.add(reminderId(bookingId, k, start)));
    return mongo.removeDocuments(ConsultCollections.REMINDER_JOBS,
        new JsonObject().put("_id", new JsonObject().put("$in", ids)).putNull("firedAt")).mapEmpty();
  }

  /** Stores the notices as a job due now and fires it at once; a failure is logged, the poller retries. */
  public Future<Void> sendNow(JsonArray notices) {
    if (notices.isEmpty()) {
      return Future.succeededFuture();
    }
    String id = UUID.randomUUID().toString();
    JsonObject job = new JsonObject().put("_id", id).put("kind", "notice").put("notices", notices)
        .put("dueAt", Times.iso(Instant.now())).putNull("firedAt");
    return mongo.insert(ConsultCollections.REMINDER_JOBS, job)
        .compose(x -> fire(id, null)).<Void>mapEmpty()
        .recover(err -> {
          log.warn("Notice job {} not sent now, the poller will retry: {}", id, err.getMessage());
          return Future.succeededFuture();
        });
  }

  public Future<List<JsonObject>> due(Instant now, int limit) {
    return mongo.findWithOptions(ConsultCollections.REMINDER_JOBS,
        new JsonObject().putNull("firedAt").put("dueAt", new JsonObject().put("$lte", Times.iso(now))),
        new FindOptions().setLimit(limit).setFields(new JsonObject().put("_id", 1)));
  }

  /**
   * Claims the job and, if this call won, sends it. Reminders are built from the booking at firing time and
   * dropped when it is no longer confirmed at that start. {@code notices} turns a reminder job into notices.
   */
  public Future<Boolean> fire(String id, java.util.function.Function<JsonObject, Future<JsonArray>> reminders) {
    return mongo.findOneAndUpdate(ConsultCollections.REMINDER_JOBS,
            new JsonObject().put("_id", id).putNull("firedAt"),
            new JsonObject().put("$set", new JsonObject().put("firedAt", Times.iso(Instant.now()))))
        .compose(job -> {
          if (job == null) {
            return Future.succeededFuture(false);
          }
          Future<JsonArray> notices = job.containsKey("notices") ? Future.succeededFuture(job.getJsonArray("notices"))
              : reminders == null ? Future.succeededFuture(new JsonArray()) : reminders.apply(job);
          return notices.compose(this::deliver).map(true);
        });
  }

  private Future<Void> deliver(JsonArray notices) {
    Future<Void> chain = Future.succeededFuture();
    for (Object o : notices) {
      JsonObject n = (JsonObject) o;
      chain = chain.compose(v -> bus.ask(Addresses.NOTIFICATIONS, "notify", ServiceRequest.of(null, new JsonObject(), n))
          .compose(x -> mailer.send(n)).mapEmpty());
    }
    return chain;
  }
}
