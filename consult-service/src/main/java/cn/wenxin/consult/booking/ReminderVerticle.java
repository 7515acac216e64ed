package cn.wenxin.consult.booking;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * Polls for due reminder jobs, lapsed waitlist offers, outboxes left behind (Outbox), holds no booking came to own
 * (HoldSweeper) and idempotency records of dead requests. Safe on any number of nodes: each job is claimed once
 * (ReminderJobs), each offer lapses by a conditional change (Waitlist), outbox tasks are idempotent.
 */
public class ReminderVerticle extends VerticleBase {

  static final int BATCH = 100;
  static final java.time.Duration SWEEP_EVERY = java.time.Duration.ofHours(1);

  private static final Logger log = LoggerFactory.getLogger(ReminderVerticle.class);

  private BookingParts p;
  private long timer;
  private long sweepTimer;
  private boolean running;

  @Override
  public Future<?> start() {
    p = BookingParts.create(vertx, config());
    timer = vertx.setPeriodic(p.deps().config().booking().reminderPoll().toMillis(), id -> poll());
    sweepTimer = vertx.setPeriodic(SWEEP_EVERY.toMillis(), id -> sweep());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    vertx.cancelTimer(sweepTimer);
    return Future.succeededFuture();
  }

  /** One round; skipped when the previous one is still running. */
  Future<Void> poll() {
    if (running) {
      return Future.succeededFuture();
    }
    running = true;
    Instant now = Instant.now();
    return fireDue().compose(n -> p.waitlist().expireOffers())
        .compose(n -> p.outbox().drainDue(now))
        .compose(n -> p.sweeper().sweep(now))
        .compose(n -> p.deps().idempotency().removeExpiredPending(now))
        .onFailure(err -> log.warn("Reminder poll failed, next round retries: {}", err.getMessage()))
        .onComplete(x -> running = false)
        .mapEmpty();
  }

  Future<Long> sweep() {
    return p.housekeeping().sweep(Instant.now())
        .onSuccess(n -> log.debug("Housekeeping removed {} finished booking records", n))
        .onFailure(err -> log.warn("Housekeeping failed, the next round retries: {}", err.getMessage()));
  }

  private Future<Integer> fireDue() {
    return p.deps().jobs().due(Instant.now(), BATCH).compose(jobs -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (JsonObject j : jobs) {
        chain = chain.compose(n -> p.deps().jobs().fire(j.getString("_id"), this::reminder).map(won -> n + 1));
      }
      return chain;
    });
  }

  /** A reminder's notices, built from the booking as it is now; none if it was cancelled or moved. */
  private Future<JsonArray> reminder(JsonObject job) {
    return p.deps().bookings().find(job.getString("bookingId")).map(b -> {
      if (b == null || !BookingStore.CONFIRMED.equals(b.getString("status"))
          || !b.getString("start").equals(job.getString("start"))) {
        return new JsonArray();
      }
      JsonArray notices = new JsonArray().add(p.deps().notices().of(b.getString("studentId"), job.getString("kind"), b))
          .add(p.deps().notices().of(b.getString("expertId"), job.getString("kind"), b));
      if (!b.getString("bookedBy").equals(b.getString("studentId"))) {
        notices.add(p.deps().notices().of(b.getString("bookedBy"), job.getString("kind"), b));
      }
      return notices;
    });
  }
}
