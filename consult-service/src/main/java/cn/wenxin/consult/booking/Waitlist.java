package cn.wenxin.consult.booking;

import cn.wenxin.consult.directory.SlotCalendar;
import cn.wenxin.consult.directory.Times;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.mongo.Mongo;
import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.security.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Waiting for a fully booked expert's day. When a slot of that day frees, the first in line gets an offer: a
 * booking in status {@code offered} that holds the expert's time (the same holds as any booking) for ten minutes.
 * Accepting is booking: the same rules (mode, topic, guardian consent, the student's time and both caps) and one
 * conditional write on the offer's version; expiry frees the time and offers it to the next.
 */
final class Waitlist {

  static final Duration OFFER_HOLD = Duration.ofMinutes(10);

  private final BookingDeps d;
  private final BookingAccess access;
  private final WaitlistStore store;
  private final Booker booker;
  private final Placement placement;
  private final Outbox outbox;

  Waitlist(BookingDeps d, BookingAccess access, WaitlistStore store, Booker booker, Placement placement,
           Outbox outbox) {
    this.d = d;
    this.access = access;
    this.store = store;
    this.booker = booker;
    this.placement = placement;
    this.outbox = outbox;
  }

  WaitlistStore store() {
    return store;
  }

  Future<JsonObject> join(Principal me, String expertId, String date, String forChildId) {
    LocalDate day;
    try {
      day = LocalDate.parse(date);
    } catch (RuntimeException e) {
      return Future.failedFuture(ProblemException.unprocessable("date must be YYYY-MM-DD"));
    }
    return access.student(me, forChildId).compose(student -> d.experts().find(expertId).compose(expert -> {
      if (expert == null) {
        return Future.failedFuture(ProblemException.notFound("No expert " + expertId));
      }
      return d.availability().get(expertId).compose(rules -> {
        LocalDate today = LocalDate.now(rules.zone());
        if (day.isBefore(today) || day.isAfter(today.plusDays(rules.horizonDays()))
            || !new SlotCalendar(rules).couldOpen(day, Instant.now())) {
          return Future.failedFuture(ProblemException.unprocessable("Nothing can open up that day: past, after hours, "
              + "not a working day or beyond the horizon")
              .withCode("waitlist_day_closed"));
        }
        String key = WaitlistStore.key(student.getString("_id"), expertId, date);
        JsonObject doc = new JsonObject().put("_id", UUID.randomUUID().toString()).put("key", key)
            .put("studentId", student.getString("_id")).put("expertId", expertId)
            .put("expertName", expert.getString("name")).put("date", date).put("status", WaitlistStore.WAITING)
            .put("createdBy", me.id()).put("createdAt", Times.iso(Instant.now()))
            .put("queuedAt", System.currentTimeMillis());
        return store.insert(doc).map(doc).recover(err -> Mongo.isDuplicateKey(err) ? rejoin(key) : Future.failedFuture(err));
      });
    })).map(WaitlistStore::view);
  }

  /** Back in line (at the end) after leaving or a lapsed offer; already waiting is a 409. */
  private Future<JsonObject> rejoin(String key) {
    return store.byKey(key).compose(e -> store.transition(e.getString("_id"),
            new JsonArray().add(WaitlistStore.LEFT).add(WaitlistStore.EXPIRED).add(WaitlistStore.BOOKED),
            new JsonObject().put("status", WaitlistStore.WAITING).put("queuedAt", System.currentTimeMillis())))
        .compose(e -> e == null ? Future.failedFuture(ProblemException.conflict("You are already on this waitlist").withCode("waitlist_already_joined"))
            : Future.succeededFuture(e));
  }

  Future<JsonObject> list(Principal me) {
    Future<List<String>> students = me.is(Role.PARENT) ? d.people().childrenOf(me.id())
        : Future.succeededFuture(List.of(me.id()));
    return students.compose(store::ofStudents).map(list -> {
      JsonArray a = new JsonArray();
      list.forEach(e -> a.add(WaitlistStore.view(e)));
      return new JsonObject().put("items", a);
    });
  }

  Future<Void> leave(Principal me, String id) {
    return mine(me, id).compose(e -> store.transition(id,
            new JsonArray().add(WaitlistStore.WAITING).add(WaitlistStore.OFFERED),
            new JsonObject().put("status", WaitlistStore.LEFT))
        .compose(left -> left != null && e.getString("offerBookingId") != null
            && WaitlistStore.OFFERED.equals(e.getString("status"))
            ? lapse(e.getString("offerBookingId")) : Future.succeededFuture()));
  }

  /** The offer, accepted with the mode and topic the student chose: a booking like any other, or a 409/422. */
  Future<JsonObject> accept(Principal me, String id, JsonObject choice) {
    return mine(me, id).compose(e -> {
      if (!WaitlistStore.OFFERED.equals(e.getString("status"))) {
        return Future.failedFuture(ProblemException.conflict("There is no open offer on this waitlist entry").withCode("waitlist_no_offer"));
      }
      return d.bookings().find(e.getString("offerBookingId")).compose(offer -> {
        if (offer == null || !BookingStore.OFFERED.equals(offer.getString("status"))
            || !Instant.parse(offer.getString("offerExpiresAt")).isAfter(Instant.now())) {
          return Future.failedFuture(ProblemException.conflict("This offer has lapsed").withCode("waitlist_offer_lapsed"));
        }
        Future<JsonObject> student = d.people().account(offer.getString("studentId"));
        Future<JsonObject> expert = booker.bookableExpert(offer.getString("expertId"), choice.getString("mode"));
        Future<SlotCalendar> cal = d.availability().get(offer.getString("expertId")).map(SlotCalendar::new);
        return Future.all(student, expert, cal)
            .compose(v -> booker.consentRequired(student.result()))
            .compose(consent -> confirm(me, e, offer, choice, student.result(), cal.result(), consent));
      });
    });
  }

  private Future<JsonObject> confirm(Principal me, JsonObject entry, JsonObject offer, JsonObject choice,
                                     JsonObject student, SlotCalendar cal, boolean consentRequired) {
    Instant start = Instant.parse(offer.getString("start"));
    Instant end = Instant.parse(offer.getString("end"));
    String offerId = offer.getString("_id");
    TimeHolds.Attempt a = placement.attempt(offerId, offer.getInteger("version", 0));
    Placement.Needs needs = new Placement.Needs(offer.getString("expertId"), offer.getString("studentId"), start, end,
        false, true, cal.localDate(start), cal.rules().dailyCap(), true);
    return placement.take(needs, a).compose(taken -> {
      JsonArray holds = offer.getJsonArray("holds", new JsonArray()).copy();
      holds.addAll(TimeHolds.Hold.json(taken));
      JsonObject set = new JsonObject().put("status", BookingStore.CONFIRMED).put("holds", holds)
          .put("mode", choice.getString("mode")).put("topic", choice.getString("topic"))
          .put("note", choice.getString("note")).put("studentName", student.getString("displayName"))
          .put("bookedBy", me.id()).put("bookedByRole", me.role().wire())
          .put("guardianConsentRequired", consentRequired).put("confirmedAt", Times.iso(Instant.now()))
          .mergeIn(StudentShown.chosen(choice, student));   // shown by name or pseudonym, as the student chooses
      JsonArray tasks = booker.createdTasks(offer.copy().mergeIn(set), student)
          .add(Outbox.task("waitlistEntry").put("entryId", entry.getString("_id"))
              .put("from", new JsonArray().add(WaitlistStore.OFFERED)).put("status", WaitlistStore.BOOKED));
      JsonObject open = new JsonObject().put("offerExpiresAt", new JsonObject().put("$gt", Times.iso(Instant.now())));
      return d.bookings().change(offerId, offer.getInteger("version", 0), new JsonArray().add(BookingStore.OFFERED),
              open, set, tasks)
          .compose(done -> done == null
              ? d.holds().release(taken).compose(v -> Future.<JsonObject>failedFuture(
                  ProblemException.conflict("This offer has lapsed or was accepted already").withCode("waitlist_offer_lapsed")))
              : outbox.drain(done).map(BookingStore.view(done)));
    });
  }

  /** A slot of this expert has just freed: offer it to the first in line for that day, if any. */
  Future<Void> slotFreed(String expertId, Instant start) {
    return d.availability().get(expertId).compose(rules -> {
      SlotCalendar cal = new SlotCalendar(rules);
      SlotCalendar.Verdict v = cal.check(start, Instant.now(), List.of());
      if (v == SlotCalendar.Verdict.PAST || v == SlotCalendar.Verdict.OUTSIDE_RULES) {
        return Future.succeededFuture();
      }
      return store.firstWaiting(expertId, cal.localDate(start).toString())
          .compose(entry -> entry == null ? Future.succeededFuture() : offer(entry, start, start.plus(cal.slotLength())));
    });
  }

  /** Holds the expert's time for the first in line; taken again meanwhile, there is nothing to offer. */
  private Future<Void> offer(JsonObject entry, Instant start, Instant end) {
    String id = UUID.randomUUID().toString();
    String expertId = entry.getString("expertId");
    TimeHolds.Attempt a = placement.attempt(id, -1);
    return d.holds().takeTime("E", expertId, start, end, a).compose(taken -> {
      Instant expires = Instant.now().plus(OFFER_HOLD);
      JsonObject doc = new JsonObject().put("_id", id).put("status", BookingStore.OFFERED).put("version", 0)
          .put("expertId", expertId).put("expertName", entry.getString("expertName"))
          .put("studentId", entry.getString("studentId")).put("bookedBy", entry.getString("createdBy"))
          .put("start", Times.iso(start)).put("end", Times.iso(end)).put("waitlistId", entry.getString("_id"))
          .put("offerExpiresAt", Times.iso(expires)).put("guardianConsentRequired", false).put("late", false)
          .put("sequence", 0).put("createdAt", Times.iso(Instant.now())).put("holds", TimeHolds.Hold.json(taken))
          .put("outboxDue", Times.iso(Instant.now()));
      doc.put("outbox", new JsonArray().add(Outbox.task("offerMade")).add(Outbox.task("notices").put("notices",
          d.notices().toAll(List.of(entry.getString("studentId"), entry.getString("createdBy")).stream().distinct()
              .toList(), "waitlist_offer", doc))));
      return d.bookings().insert(doc).recover(err -> d.holds().release(taken).compose(x -> Future.failedFuture(err)))
          .compose(x -> outbox.drain(doc));
    }).recover(err -> err instanceof TimeHolds.Taken ? Future.succeededFuture() : Future.failedFuture(err));
  }

  /** The offer's entry points at it; if the entry is no longer waiting (left meanwhile), the offer lapses. */
  Future<Void> offerMade(JsonObject o) {
    return store.transition(o.getString("waitlistId"), new JsonArray().add(WaitlistStore.WAITING),
            new JsonObject().put("status", WaitlistStore.OFFERED).put("offerBookingId", o.getString("_id"))
                .put("offerStart", o.getString("start")).put("offerExpiresAt", o.getString("offerExpiresAt")))
        .compose(updated -> updated != null ? Future.succeededFuture() : store.find(o.getString("waitlistId"))
            .compose(e -> e != null && o.getString("_id").equals(e.getString("offerBookingId"))
                ? Future.succeededFuture() : lapse(o.getString("_id"))));
  }

  /** Expired offers free their slot and pass it on; run by the reminder poller. */
  Future<Integer> expireOffers() {
    return d.bookings().expiredOffers(Instant.now()).compose(offers -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (JsonObject o : offers) {
        chain = chain.compose(n -> lapse(o.getString("_id")).map(n + 1));
      }
      return chain;
    });
  }

  /** Ends an offer if it is still open: frees the expert's time, marks the entry, offers the slot to the next. */
  private Future<Void> lapse(String offerId) {
    return d.bookings().find(offerId).compose(o -> {
      if (o == null || !BookingStore.OFFERED.equals(o.getString("status"))) {
        return Future.succeededFuture();
      }
      JsonArray tasks = new JsonArray()
          .add(Outbox.task("release").put("holds", o.getJsonArray("holds", new JsonArray())))
          .add(Outbox.task("waitlistEntry").put("entryId", o.getString("waitlistId"))
              .put("from", new JsonArray().add(WaitlistStore.OFFERED)).put("status", WaitlistStore.EXPIRED))
          .add(Outbox.task("offer").put("expertId", o.getString("expertId")).put("start", o.getString("start")));
      return d.bookings().change(offerId, o.getInteger("version", 0), new JsonArray().add(BookingStore.OFFERED),
              new JsonObject(), new JsonObject().put("status", BookingStore.EXPIRED).put("holds", new JsonArray()), tasks)
          .compose(done -> done == null ? Future.succeededFuture() : outbox.drain(done));
    });
  }

  private Future<JsonObject> mine(Principal me, String id) {
    return store.find(id).compose(e -> {
      Future<Boolean> ok = e == null ? Future.succeededFuture(false) : access.ownsStudent(me, e.getString("studentId"));
      return ok.compose(yes -> yes ? Future.succeededFuture(e)
          : Future.failedFuture(ProblemException.notFound("No waitlist entry " + id)));
    });
  }
}
