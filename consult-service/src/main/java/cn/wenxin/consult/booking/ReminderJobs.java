package cn.wenxin.consult.booking;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.consult.directory.Times;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceClient;
import cn.wenxin.infra.bus.ServiceRequest;
import cn.wenxin.infra.mongo.Mongo;
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

/**
 * Notifications that must go out exactly once, as jobs in Mongo. A job is claimed for a minute by a conditional
 * update: of any number of nodes, pollers and restarts, one claim wins and only the winner sends, then marks the job
 * fired. A node that dies between claim and send leaves the claim to lapse; the next claim sends again, and the inbox
 * stores each notice once by its id (at least once to the inbox, once in it).
 */
public final class ReminderJobs {

  private static final Logger log = LoggerFactory.getLogger(ReminderJobs.class);
  /** How long one claim on a job lasts: a node that dies while sending gives it up after this. */
  static final Duration CLAIM_FOR = Duration.ofMinutes(1);
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

  /**
   * Brings a booking's reminder jobs in line with the booking as it is now: the 24 h and 15 min reminders of its
   * current start while it is confirmed, none otherwise. It reads the booking again after writing and removes what
   * does not fit THAT read, so a cancel or move that lands meanwhile never leaves a job behind (removing by the first
   * read as well would only risk removing jobs that a later move's sync had just made); a fired job is never reset.
   */
  public Future<Void> sync(String bookingId) {
    return booking(bookingId).compose(this::ensure)
        .compose(v -> booking(bookingId)).compose(b -> removeOthers(bookingId, keptStart(b)));
  }

  private Future<JsonObject> booking(String id) {
    return mongo.findOne(ConsultCollections.BOOKINGS, new JsonObject().put("_id", id), null);
  }

  private static String keptStart(JsonObject b) {
    return b != null && "confirmed".equals(b.getString("status")) ? b.getString("start") : null;
  }

  private Future<Void> ensure(JsonObject booking) {
    if (keptStart(booking) == null) {
      return Future.succeededFuture();
    }
    Instant start = Instant.parse(booking.getString("start"));
    List<Future<?>> upserts = new java.util.ArrayList<>();
    for (Map.Entry<String, Duration> e : BEFORE.entrySet()) {
      Instant due = start.minus(e.getValue());
      if (due.isBefore(Instant.now())) {
        continue;
      }
      String id = reminderId(booking.getString("_id"), e.getKey(), booking.getString("start"));
      JsonObject job = new JsonObject().put("bookingId", booking.getString("_id")).put("kind", e.getKey())
          .put("start", booking.getString("start")).put("dueAt", Times.iso(due)).putNull("firedAt");
      // The two jobs are independent documents: written side by side.
      upserts.add(mongo.updateCollectionWithOptions(ConsultCollections.REMINDER_JOBS,
          new JsonObject().put("_id", id), new JsonObject().put("$setOnInsert", job),
          new UpdateOptions().setUpsert(true)));
    }
    return Future.all(upserts).mapEmpty();
  }

  /** Unfired jobs of the booking for any start but {@code keep} (all of them when keep is null). */
  private Future<Void> removeOthers(String bookingId, String keep) {
    JsonObject filter = new JsonObject().put("bookingId", bookingId).putNull("firedAt");
    if (keep != null) {
      filter.put("start", new JsonObject().put("$ne", keep));
    }
    return mongo.removeDocuments(ConsultCollections.REMINDER_JOBS, filter).mapEmpty();
  }

  /**
   * Stores the notices as a job due now under an id of the caller's (so a retry stores it once) and fires it; a
   * failure to fire is left to the poller, which finds the job due.
   */
  public Future<Void> sendOnce(String id, JsonArray notices) {
    if (notices.isEmpty()) {
      return Future.succeededFuture();
    }
    Instant now = Instant.now();
    // Stored already claimed by this call (as fire's claim would be): the insert that made it is the claim.
    JsonObject job = new JsonObject().put("_id", id).put("kind", "notice").put("notices", notices)
        .put("dueAt", Times.iso(now)).putNull("firedAt").put("claimedUntil", Times.iso(now.plus(CLAIM_FOR)));
    return mongo.insert(ConsultCollections.REMINDER_JOBS, job).map(true)
        .recover(err -> Mongo.isDuplicateKey(err) ? Future.succeededFuture(false) : Future.failedFuture(err))
        .compose(mine -> (mine ? send(id, notices) : fire(id, null)).<Void>mapEmpty().recover(err -> {
          log.warn("Notice job {} not sent now, the poller will retry: {}", id, err.getMessage());
          return Future.succeededFuture();
        }));
  }

  public Future<List<JsonObject>> due(Instant now, int limit) {
    return mongo.findWithOptions(ConsultCollections.REMINDER_JOBS,
        new JsonObject().putNull("firedAt").put("dueAt", new JsonObject().put("$lte", Times.iso(now))),
        new FindOptions().setLimit(limit).setFields(new JsonObject().put("_id", 1)));
  }

  /**
   * Claims the job for a while and, if this call won, sends it, then marks it fired. A node that dies while sending
   * leaves the claim to lapse and the poller sends again; each notice carries an id of its own ({@code jobId|n}), so
   * the inbox stores it once. Reminders are built from the booking at firing time and dropped when it is no longer
   * confirmed at that start. {@code reminders} turns a reminder job into notices.
   */
  public Future<Boolean> fire(String id, java.util.function.Function<JsonObject, Future<JsonArray>> reminders) {
    Instant now = Instant.now();
    return mongo.findOneAndUpdate(ConsultCollections.REMINDER_JOBS,
            new JsonObject().put("_id", id).putNull("firedAt")
                .put("claimedUntil", new JsonObject().put("$not", new JsonObject().put("$gt", Times.iso(now)))),
            new JsonObject().put("$set", new JsonObject().put("claimedUntil", Times.iso(now.plus(CLAIM_FOR)))))
        .compose(job -> {
          if (job == null) {
            return Future.succeededFuture(false);
          }
          Future<JsonArray> notices = job.containsKey("notices") ? Future.succeededFuture(job.getJsonArray("notices"))
              : reminders == null ? Future.succeededFuture(new JsonArray()) : reminders.apply(job);
          return notices.compose(n -> send(id, n));
        });
  }

  /** Sends a job this call holds the claim on, then marks it fired. */
  private Future<Boolean> send(String id, JsonArray notices) {
    return deliver(id, notices)
        .compose(v -> mongo.updateCollection(ConsultCollections.REMINDER_JOBS, new JsonObject().put("_id", id),
            new JsonObject().put("$set", new JsonObject().put("firedAt", Times.iso(Instant.now())))))
        .map(true);
  }

  private Future<Void> deliver(String jobId, JsonArray notices) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < notices.size(); i++) {
      JsonObject n = notices.getJsonObject(i).copy().put("id", jobId + "|" + i);
      chain = chain.compose(v -> bus.<JsonObject>ask(Addresses.NOTIFICATIONS, "notify",
              ServiceRequest.of(null, new JsonObject(), n))
          .compose(stored -> stored.getBoolean("duplicate", false) ? Future.<Void>succeededFuture() : mailer.send(n))
          .mapEmpty());
    }
    return chain;
  }
}
