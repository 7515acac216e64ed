package cn.wenxin.consult.booking;

import cn.wenxin.consult.booking.TimeHolds.Attempt;
import cn.wenxin.consult.booking.TimeHolds.Hold;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Takes what one attempt needs, in a fixed order: the expert's time (409 taken), the student's time (409
 * student_busy), a place under the expert's daily cap and one under the student's upcoming cap (422). On a refusal
 * it releases what this attempt took, by its token, and says which rule stopped it.
 */
final class Placement {

  /** What to take; a null day means no daily-cap place, false flags skip that part. */
  record Needs(String expertId, String studentId, Instant start, Instant end, boolean expertTime,
               boolean studentTime, LocalDate capDay, int dailyCap, boolean upcoming) {
  }

  private final BookingDeps d;

  Placement(BookingDeps d) {
    this.d = d;
  }

  /** A new attempt on a booking at {@code version} (-1: a booking not yet written). */
  Attempt attempt(String bookingId, int version) {
    return new Attempt(UUID.randomUUID().toString(), bookingId, version,
        Instant.now().plus(d.config().booking().holdPending()));
  }

  Future<List<Hold>> take(Needs n, Attempt a) {
    TimeHolds holds = d.holds();
    List<Hold> taken = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    if (n.expertTime()) {
      chain = chain.compose(v -> holds.takeTime("E", n.expertId(), n.start(), n.end(), a)
          .recover(err -> Future.failedFuture(err instanceof TimeHolds.Taken ? Verdicts.taken() : err))
          .onSuccess(taken::addAll).mapEmpty());
    }
    if (n.studentTime()) {
      chain = chain.compose(v -> holds.takeTime("S", n.studentId(), n.start(), n.end(), a)
          .recover(err -> Future.failedFuture(err instanceof TimeHolds.Taken ? Verdicts.studentBusy() : err))
          .onSuccess(taken::addAll).mapEmpty());
    }
    if (n.capDay() != null) {
      chain = chain.compose(v -> holds.takeCount(TimeHolds.dailyCap(n.expertId(), n.capDay()), n.dailyCap(),
              n.capDay().toString(), a)
          .recover(err -> Future.failedFuture(err instanceof TimeHolds.Full ? Verdicts.dailyCap() : err))
          .onSuccess(taken::add).mapEmpty());
    }
    if (n.upcoming()) {
      chain = chain.compose(v -> upcoming(n.studentId(), a).onSuccess(taken::add).mapEmpty());
    }
    return chain.map(v -> taken).recover(err -> holds.release(taken).compose(v -> Future.failedFuture(err)));
  }

  /** A place under the upcoming cap; when full, places of bookings that are over or gone are given back once. */
  private Future<Hold> upcoming(String studentId, Attempt a) {
    String id = TimeHolds.upcoming(studentId);
    int cap = d.upcomingCap();
    return d.holds().takeCount(id, cap, null, a)
        .recover(err -> !(err instanceof TimeHolds.Full) ? Future.failedFuture(err)
            : reclaim(id).compose(freed -> freed ? d.holds().takeCount(id, cap, null, a)
                : Future.failedFuture(err)))
        .recover(err -> Future.failedFuture(err instanceof TimeHolds.Full ? Verdicts.upcomingCap(cap) : err));
  }

  private Future<Boolean> reclaim(String id) {
    return d.holds().find(id).compose(doc -> {
      List<JsonObject> entries = doc == null ? List.of() : doc.getJsonArray("iv").stream()
          .map(o -> (JsonObject) o).toList();
      return d.bookings().findIds(entries.stream().map(e -> e.getString("b")).toList()).compose(bookings -> {
        long nowMs = System.currentTimeMillis();
        List<Hold> stale = new ArrayList<>();
        for (JsonObject e : entries) {
          JsonObject b = bookings.stream().filter(x -> x.getString("_id").equals(e.getString("b"))).findFirst()
              .orElse(null);
          boolean inFlight = e.getBoolean("p", false) && e.getLong("x", 0L) > nowMs;
          // No booking yet is an attempt in flight or a dead one: the sweeper decides those, not this.
          if (b != null && !inFlight && (!Ownership.owns(b, id, e.getString("t")) || Ownership.ended(b))) {
            stale.add(new Hold(id, e.getString("t")));
          }
        }
        return d.holds().release(stale).map(!stale.isEmpty());
      });
    });
  }
}
