package cn.wenxin.consult.booking;

import cn.wenxin.consult.directory.SlotCalendar;
import cn.wenxin.consult.directory.Times;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.security.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Cancel, reschedule, no-show. A status change comes first (conditional, so only one change wins) and the claims
 * are freed after it: if the node dies in between, the slot stays blocked rather than double-bookable.
 */
final class BookingChanges {

  /** Issue 4: free until 2 h before; later changes are marked late. */
  static final Duration FREE_CHANGE_UNTIL = Duration.ofHours(2);

  private final BookingDeps d;
  private final BookingAccess access;
  private final Alternatives alternatives;
  private final Waitlist waitlist;

  BookingChanges(BookingDeps d, BookingAccess access, Alternatives alternatives, Waitlist waitlist) {
    this.d = d;
    this.access = access;
    this.alternatives = alternatives;
    this.waitlist = waitlist;
  }

  Future<JsonObject> cancel(Principal me, String id, String reason) {
    return access.load(me, id).compose(b -> {
      Instant start = Instant.parse(b.getString("start"));
      Instant now = Instant.now();
      if (!BookingStore.CONFIRMED.equals(b.getString("status"))) {
        return Future.failedFuture(ProblemException.conflict("This booking is already " + b.getString("status")));
      }
      if (!now.isBefore(start)) {
        return Future.failedFuture(ProblemException.unprocessable("This session has started; it cannot be cancelled"));
      }
      JsonObject set = new JsonObject().put("status", BookingStore.CANCELLED).put("cancelledAt", Times.iso(now))
          .put("cancelledBy", me.id()).put("cancelledByRole", me.role().wire()).put("cancelReason", reason)
          .put("late", now.isAfter(start.minus(FREE_CHANGE_UNTIL)));
      return d.bookings().transition(id, BookingStore.CONFIRMED, new JsonObject(), set).compose(done -> done == null
          ? Future.failedFuture(ProblemException.conflict("This booking was changed at the same moment; reload it"))
          : releaseAll(done).compose(v -> d.jobs().unschedule(id, done.getString("start")))
              .compose(v -> tellAboutCancel(me, done))
              .compose(v -> waitlist.slotFreed(done.getString("expertId"), start))
              .compose(v -> StudentShown.tellSessions(d.bus(), id))
              .map(BookingStore.view(done)));
    });
  }

  Future<JsonObject> reschedule(Principal me, String id, Instant newStart) {
    return access.load(me, id).compose(b -> {
      Instant oldStart = Instant.parse(b.getString("start"));
      if (!BookingStore.CONFIRMED.equals(b.getString("status"))) {
        return Future.failedFuture(ProblemException.conflict("This booking is already " + b.getString("status")));
      }
      if (!Instant.now().isBefore(oldStart)) {
        return Future.failedFuture(ProblemException.unprocessable("This session has started; it cannot be moved"));
      }
      if (newStart.equals(oldStart)) {
        return Future.succeededFuture(BookingStore.view(b));
      }
      return d.availability().get(b.getString("expertId")).compose(rules -> {
        SlotCalendar cal = new SlotCalendar(rules);
        return Verdicts.require(cal.check(newStart, Instant.now(), List.of()))
            .compose(v -> move(b, cal, oldStart, newStart));
      });
    });
  }

  /** Claim the new time first, then switch the booking, then free the old time: never both lost. */
  private Future<JsonObject> move(JsonObject b, SlotCalendar cal, Instant oldStart, Instant newStart) {
    String id = b.getString("_id");
    Instant oldEnd = Instant.parse(b.getString("end"));
    Instant newEnd = newStart.plus(cal.slotLength());
    List<String> oldIds = minutesOf(b, oldStart, oldEnd);
    List<String> newE = new ArrayList<>(SlotClaims.expertMinutes(b.getString("expertId"), newStart, newEnd));
    List<String> newS = new ArrayList<>(SlotClaims.studentMinutes(b.getString("studentId"), newStart, newEnd));
    newE.removeAll(oldIds);
    newS.removeAll(oldIds);
    LocalDate oldDay = cal.localDate(oldStart);
    LocalDate newDay = cal.localDate(newStart);
    List<String> claimed = new ArrayList<>();
    Future<String> dayClaim = d.claims().claimAll(newE, id)
        .recover(err -> Future.failedFuture(err instanceof SlotClaims.Taken ? Verdicts.taken() : err))
        .compose(v -> {
          claimed.addAll(newE);
          return d.claims().claimAll(newS, id);
        })
        .recover(err -> Future.failedFuture(err instanceof SlotClaims.Taken ? Verdicts.studentBusy() : err))
        .compose(v -> {
          claimed.addAll(newS);
          if (oldDay.equals(newDay)) {
            return Future.succeededFuture(b.getString("dayClaim"));
          }
          return d.claims().claimCounted(StudentSideClaims.dayPrefix(b.getString("expertId"), newDay),
              cal.rules().dailyCap(), id).compose(c -> c == null ? Future.failedFuture(Verdicts.dailyCap())
              : Future.succeededFuture(c));
        });
    return dayClaim.compose(day -> {
      if (!day.equals(b.getString("dayClaim"))) {
        claimed.add(day);
      }
      JsonObject set = new JsonObject().put("start", Times.iso(newStart)).put("end", Times.iso(newEnd))
          .put("dayClaim", day).put("sequence", b.getInteger("sequence", 0) + 1)
          .put("rescheduledAt", Times.iso(Instant.now()))
          .put("late", Instant.now().isAfter(oldStart.minus(FREE_CHANGE_UNTIL)));
      return d.bookings().transition(id, BookingStore.CONFIRMED, new JsonObject().put("start", b.getString("start")),
          set).compose(done -> done == null
          ? Future.failedFuture(ProblemException.conflict("This booking was changed at the same moment; reload it"))
          : Future.succeededFuture(done));
    }).recover(err -> d.claims().release(claimed, id).compose(v -> Future.failedFuture(err)))
        .compose(done -> {
          List<String> free = new ArrayList<>(oldIds);
          free.removeAll(SlotClaims.expertMinutes(b.getString("expertId"), newStart, newEnd));
          free.removeAll(SlotClaims.studentMinutes(b.getString("studentId"), newStart, newEnd));
          if (!done.getString("dayClaim").equals(b.getString("dayClaim"))) {
            free.add(b.getString("dayClaim"));
          }
          return d.claims().release(free, id)
              .compose(v -> d.jobs().unschedule(id, b.getString("start")))
              .compose(v -> d.jobs().schedule(done))
              .compose(v -> d.jobs().sendNow(new JsonArray()
                  .add(d.notices().of(done.getString("studentId"), "booking_rescheduled", done))
                  .add(d.notices().of(done.getString("expertId"), "booking_rescheduled", done))))
              .compose(v -> waitlist.slotFreed(done.getString("expertId"), oldStart))
              .compose(v -> StudentShown.tellSessions(d.bus(), id))
              .map(BookingStore.view(done));
        });
  }

  Future<JsonObject> noShow(Principal me, String id) {
    return access.load(me, id).compose(b -> {
      if (!me.is(Role.EXPERT)) {
        return Future.failedFuture(ProblemException.forbidden("Only the expert marks a no-show"));
      }
      if (Instant.now().isBefore(Instant.parse(b.getString("start")))) {
        return Future.failedFuture(ProblemException.unprocessable("A no-show can be marked only after the start"));
      }
      JsonObject set = new JsonObject().put("status", BookingStore.NO_SHOW).put("noShowAt", Times.iso(Instant.now()));
      return d.bookings().transition(id, BookingStore.CONFIRMED, new JsonObject(), set).compose(done -> done == null
          ? Future.failedFuture(ProblemException.conflict("This booking is already " + b.getString("status")))
          : d.claims().release(List.of(done.getString("capClaim")), id)
              .compose(v -> d.jobs().sendNow(new JsonArray().add(d.notices().of(done.getString("studentId"),
                  "no_show", done))))
              .compose(v -> StudentShown.tellSessions(d.bus(), id))
              .map(BookingStore.view(done)));
    });
  }

  /** Every claim a confirmed booking holds. */
  Future<Void> releaseAll(JsonObject b) {
    List<String> ids = minutesOf(b, Instant.parse(b.getString("start")), Instant.parse(b.getString("end")));
    ids.add(b.getString("dayClaim"));
    ids.add(b.getString("capClaim"));
    ids.removeIf(java.util.Objects::isNull);
    return d.claims().release(ids, b.getString("_id"));
  }

  private static List<String> minutesOf(JsonObject b, Instant start, Instant end) {
    List<String> ids = new ArrayList<>(SlotClaims.expertMinutes(b.getString("expertId"), start, end));
    ids.addAll(SlotClaims.studentMinutes(b.getString("studentId"), start, end));
    return ids;
  }

  private Future<Void> tellAboutCancel(Principal me, JsonObject b) {
    if (me.is(Role.EXPERT)) {
      return alternatives.forBooking(b).compose(alt -> {
        JsonObject n = d.notices().of(b.getString("studentId"), "booking_cancelled_by_expert", b);
        n.getJsonObject("data").put("alternatives", alt);
        JsonArray notices = new JsonArray().add(n);
        if (!b.getString("bookedBy").equals(b.getString("studentId"))) {
          notices.add(n.copy().put("userId", b.getString("bookedBy")));
        }
        return d.jobs().sendNow(notices);
      });
    }
    return d.jobs().sendNow(new JsonArray().add(d.notices().of(b.getString("expertId"), "booking_cancelled", b))
        .add(d.notices().of(b.getString("studentId"), "booking_cancelled", b)));
  }
}
