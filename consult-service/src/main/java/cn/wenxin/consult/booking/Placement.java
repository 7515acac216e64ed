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

  /**
   * One ordered batch (expert's days, student's days, daily cap, upcoming cap): the first refusal stops it. Only a
   * full upcoming cap is looked at again: places of bookings that are over or gone are given back once, and the
   * batch is tried again.
   */
  Future<List<Hold>> take(Needs n, Attempt a) {
    return d.holds().take(takes(n, a), a).recover(err -> !(err instanceof TimeHolds.Full) ? Future.failedFuture(err)
        : reclaim(TimeHolds.upcoming(n.studentId())).compose(freed -> freed ? d.holds().take(takes(n, a), a)
            : Future.failedFuture(err)))
        .recover(err -> Future.failedFuture(err instanceof TimeHolds.Full ? Verdicts.upcomingCap(d.upcomingCap())
            : err));
  }

  private List<TimeHolds.Take> takes(Needs n, Attempt a) {
    List<TimeHolds.Take> takes = new ArrayList<>();
    if (n.expertTime()) {
      takes.addAll(TimeHolds.time("E", n.expertId(), n.start(), n.end(), a, Verdicts.taken()));
    }
    if (n.studentTime()) {
      takes.addAll(TimeHolds.time("S", n.studentId(), n.start(), n.end(), a, Verdicts.studentBusy()));
    }
    if (n.capDay() != null) {
      takes.add(TimeHolds.count(TimeHolds.dailyCap(n.expertId(), n.capDay()), n.dailyCap(), n.capDay().toString(),
          a, Verdicts.dailyCap()));
    }
    if (n.upcoming()) {
      takes.add(TimeHolds.count(TimeHolds.upcoming(n.studentId()), d.upcomingCap(), null, a, new TimeHolds.Full()));
    }
    return takes;
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
