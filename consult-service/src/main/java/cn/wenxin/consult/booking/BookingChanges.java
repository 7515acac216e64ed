package cn.wenxin.consult.booking;

import cn.wenxin.consult.booking.TimeHolds.Hold;
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
 * Cancel, reschedule, no-show. Each is one conditional write on the version of the booking it read, so of any
 * number of concurrent changes exactly one wins, and what it computed (late or not, which time to free) comes from
 * the version it changed. The holds to free and the word to send travel in that same write (the outbox).
 */
final class BookingChanges {

  /** Issue 4: free until 2 h before; later changes are marked late. */
  static final Duration FREE_CHANGE_UNTIL = Duration.ofHours(2);
  static final JsonArray CONFIRMED_ONLY = new JsonArray().add(BookingStore.CONFIRMED);

  private final BookingDeps d;
  private final BookingAccess access;
  private final Placement placement;
  private final Outbox outbox;

  BookingChanges(BookingDeps d, BookingAccess access, Placement placement, Outbox outbox) {
    this.d = d;
    this.access = access;
    this.placement = placement;
    this.outbox = outbox;
  }

  private static ProblemException raced() {
    return ProblemException.conflict("This booking was changed at the same moment; reload it").withCode("booking_changed");
  }

  Future<JsonObject> cancel(Principal me, String id, String reason) {
    return access.load(me, id).compose(b -> {
      Instant start = Instant.parse(b.getString("start"));
      Instant now = Instant.now();
      if (!BookingStore.CONFIRMED.equals(b.getString("status"))) {
        return Future.failedFuture(ProblemException.conflict("This booking is already " + b.getString("status")).withCode("booking_not_active"));
      }
      if (!now.isBefore(start)) {
        return Future.failedFuture(ProblemException.unprocessable("This session has started; it cannot be cancelled").withCode("booking_started"));
      }
      JsonObject set = new JsonObject().put("status", BookingStore.CANCELLED).put("cancelledAt", Times.iso(now))
          .put("cancelledBy", me.id()).put("cancelledByRole", me.role().wire()).put("cancelReason", reason)
          .put("late", now.isAfter(start.minus(FREE_CHANGE_UNTIL))).put("holds", new JsonArray());
      JsonArray tasks = new JsonArray()
          .add(Outbox.task("release").put("holds", b.getJsonArray("holds", new JsonArray())))
          .add(Outbox.task("reminders"))
          .add(me.is(Role.EXPERT) ? Outbox.task("alternatives")
              : Outbox.task("notices").put("notices", new JsonArray()
                  .add(d.notices().of(b.getString("expertId"), "booking_cancelled", b))
                  .add(d.notices().of(b.getString("studentId"), "booking_cancelled", b))))
          .add(Outbox.task("offer").put("expertId", b.getString("expertId")).put("start", b.getString("start")))
          .add(Outbox.task("session"));
      return changed(b, set, tasks);
    });
  }

  Future<JsonObject> reschedule(Principal me, String id, Instant newStart) {
    return access.load(me, id).compose(b -> {
      Instant oldStart = Instant.parse(b.getString("start"));
      if (!BookingStore.CONFIRMED.equals(b.getString("status"))) {
        return Future.failedFuture(ProblemException.conflict("This booking is already " + b.getString("status")).withCode("booking_not_active"));
      }
      if (!Instant.now().isBefore(oldStart)) {
        return Future.failedFuture(ProblemException.unprocessable("This session has started; it cannot be moved").withCode("booking_started"));
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

  /** New time taken first (this attempt's token), then the switch on the version read, then the old time freed. */
  private Future<JsonObject> move(JsonObject b, SlotCalendar cal, Instant oldStart, Instant newStart) {
    Instant newEnd = newStart.plus(cal.slotLength());
    LocalDate oldDay = cal.localDate(oldStart);
    LocalDate newDay = cal.localDate(newStart);
    TimeHolds.Attempt a = placement.attempt(b.getString("_id"), b.getInteger("version", 0));
    Placement.Needs needs = new Placement.Needs(b.getString("expertId"), b.getString("studentId"), newStart, newEnd,
        true, true, oldDay.equals(newDay) ? null : newDay, cal.rules().dailyCap(), false);
    return placement.take(needs, a).compose(taken -> {
      List<Hold> old = Hold.of(b.getJsonArray("holds"));
      List<Hold> keep = new ArrayList<>();
      List<Hold> free = new ArrayList<>();
      String oldCap = TimeHolds.dailyCap(b.getString("expertId"), oldDay);
      for (Hold h : old) {
        boolean stays = h.id().startsWith("C|") || (h.id().equals(oldCap) && oldDay.equals(newDay));
        (stays ? keep : free).add(h);
      }
      keep.addAll(taken);
      Instant now = Instant.now();
      JsonObject set = new JsonObject().put("start", Times.iso(newStart)).put("end", Times.iso(newEnd))
          .put("sequence", b.getInteger("sequence", 0) + 1).put("rescheduledAt", Times.iso(now))
          .put("late", now.isAfter(oldStart.minus(FREE_CHANGE_UNTIL))).put("holds", Hold.json(keep));
      JsonObject moved = b.copy().mergeIn(set);
      JsonArray tasks = new JsonArray()
          .add(Outbox.task("release").put("holds", Hold.json(free)))
          .add(Outbox.task("reminders"))
          .add(Outbox.task("notices").put("notices", new JsonArray()
              .add(d.notices().of(b.getString("studentId"), "booking_rescheduled", moved))
              .add(d.notices().of(b.getString("expertId"), "booking_rescheduled", moved))))
          .add(Outbox.task("offer").put("expertId", b.getString("expertId")).put("start", b.getString("start")))
          .add(Outbox.task("session"));
      return changed(b, set, tasks).recover(err -> d.holds().release(taken).compose(v -> Future.failedFuture(err)));
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
      if (!BookingStore.CONFIRMED.equals(b.getString("status"))) {
        return Future.failedFuture(ProblemException.conflict("This booking is already " + b.getString("status")).withCode("booking_not_active"));
      }
      // The time is past; only the student's place under the upcoming cap is given back.
      List<Hold> cap = Hold.of(b.getJsonArray("holds")).stream().filter(h -> h.id().startsWith("C|")).toList();
      List<Hold> rest = Hold.of(b.getJsonArray("holds")).stream().filter(h -> !h.id().startsWith("C|")).toList();
      JsonObject set = new JsonObject().put("status", BookingStore.NO_SHOW).put("noShowAt", Times.iso(Instant.now()))
          .put("holds", Hold.json(rest));
      JsonArray tasks = new JsonArray().add(Outbox.task("release").put("holds", Hold.json(cap)))
          .add(Outbox.task("notices").put("notices", new JsonArray()
              .add(d.notices().of(b.getString("studentId"), "no_show", b))))
          .add(Outbox.task("session"));
      return changed(b, set, tasks);
    });
  }

  /** The conditional write; then its outbox is run (never failing the answer). */
  private Future<JsonObject> changed(JsonObject b, JsonObject set, JsonArray tasks) {
    return d.bookings().change(b.getString("_id"), b.getInteger("version", 0), CONFIRMED_ONLY, set, tasks)
        .compose(done -> done == null ? Future.failedFuture(raced())
            : outbox.drain(done).map(BookingStore.view(done)));
  }

  /** The expert cancelled: the student (and whoever booked) hear it with other times to choose from. */
  Future<Void> tellExpertCancel(JsonObject b, JsonObject task, Alternatives alternatives) {
    return alternatives.forBooking(b).compose(alt -> {
      JsonObject n = d.notices().of(b.getString("studentId"), "booking_cancelled_by_expert", b);
      n.getJsonObject("data").put("alternatives", alt);
      JsonArray notices = new JsonArray().add(n);
      if (!b.getString("bookedBy").equals(b.getString("studentId"))) {
        notices.add(n.copy().put("userId", b.getString("bookedBy")));
      }
      return d.jobs().sendOnce(b.getString("_id") + "|" + task.getString("id"), notices);
    });
  }
}
