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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Waiting for a fully booked expert's day. When a slot of that day frees, the first in line gets an offer: a
 * booking in status {@code offered} that holds the expert's minutes (the same unique claims as any booking) for ten
 * minutes. Accepting claims the student's side and confirms it; expiry frees it and offers it to the next.
 */
final class Waitlist {

  static final Duration OFFER_HOLD = Duration.ofMinutes(10);
  private static final Logger log = LoggerFactory.getLogger(Waitlist.class);

  private final BookingDeps d;
  private final BookingAccess access;
  private final WaitlistStore store;
  private final StudentSideClaims studentSide;
  private final Booker booker;

  Waitlist(BookingDeps d, BookingAccess access, WaitlistStore store, Booker booker) {
    this.d = d;
    this.access = access;
    this.store = store;
    this.studentSide = new StudentSideClaims(d);
    this.booker = booker;
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
        .compose(e -> e == null ? Future.failedFuture(ProblemException.conflict("You are already on this waitlist")
            .withCode("waitlist_already_joined"))
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

  Future<JsonObject> accept(Principal me, String id) {
    return mine(me, id).compose(e -> {
      if (!WaitlistStore.OFFERED.equals(e.getString("status"))) {
        return Future.failedFuture(ProblemException.conflict("There is no open offer on this waitlist entry")
            .withCode("waitlist_no_offer"));
      }
      String bookingId = e.getString("offerBookingId");
      return d.bookings().find(bookingId).compose(offer -> {
        Instant start = Instant.parse(offer.getString("start"));
        Instant end = Instant.parse(offer.getString("end"));
        return d.availability().get(offer.getString("expertId")).compose(rules -> studentSide.claim(bookingId,
            offer.getString("studentId"), offer.getString("expertId"), start, end,
            new SlotCalendar(rules).localDate(start), rules.dailyCap()).compose(held -> d.bookings().transition(
                bookingId, BookingStore.OFFERED,
                new JsonObject().put("offerExpiresAt", new JsonObject().put("$gt", Times.iso(Instant.now()))),
                new JsonObject().put("status", BookingStore.CONFIRMED).put("dayClaim", held.dayClaim())
                    .put("capClaim", held.capClaim()).put("bookedBy", me.id()).put("bookedByRole", me.role().wire()))
            .compose(done -> done == null
                ? d.claims().release(List.of(held.dayClaim(), held.capClaim()), bookingId)
                    .compose(v -> d.claims().release(SlotClaims.studentMinutes(offer.getString("studentId"), start,
                        end), bookingId))
                    .compose(v -> Future.<JsonObject>failedFuture(ProblemException.conflict("This offer has lapsed")
                        .withCode("waitlist_offer_lapsed")))
                : store.transition(id, new JsonArray().add(WaitlistStore.OFFERED),
                        new JsonObject().put("status", WaitlistStore.BOOKED))
                    .compose(x -> d.people().account(done.getString("studentId")))
                    .compose(student -> booker.announce(done, student))
                    .map(BookingStore.view(done)))));
      });
    });
  }

  /** A slot of this expert has just freed: offer it to the first in line for that day, if any. Never fails the caller. */
  Future<Void> slotFreed(String expertId, Instant start) {
    return d.availability().get(expertId).compose(rules -> {
      SlotCalendar cal = new SlotCalendar(rules);
      SlotCalendar.Verdict v = cal.check(start, Instant.now(), List.of());
      if (v == SlotCalendar.Verdict.PAST || v == SlotCalendar.Verdict.OUTSIDE_RULES) {
        return Future.succeededFuture();
      }
      return store.firstWaiting(expertId, cal.localDate(start).toString())
          .compose(entry -> entry == null ? Future.succeededFuture() : offer(entry, start, start.plus(cal.slotLength())));
    }).recover(err -> {
      log.warn("Waitlist offer for {} at {} not made: {}", expertId, start, err.getMessage());
      return Future.succeededFuture();
    });
  }

  private Future<Void> offer(JsonObject entry, Instant start, Instant end) {
    String id = UUID.randomUUID().toString();
    String expertId = entry.getString("expertId");
    return d.claims().claimAll(SlotClaims.expertMinutes(expertId, start, end), id).compose(v -> {
      Instant expires = Instant.now().plus(OFFER_HOLD);
      JsonObject doc = new JsonObject().put("_id", id).put("status", BookingStore.OFFERED).put("expertId", expertId)
          .put("expertName", entry.getString("expertName")).put("studentId", entry.getString("studentId"))
          .put("bookedBy", entry.getString("createdBy")).put("start", Times.iso(start)).put("end", Times.iso(end))
          .put("mode", "chat").put("topic", "waitlist").put("waitlistId", entry.getString("_id"))
          .put("offerExpiresAt", Times.iso(expires)).put("guardianConsentRequired", false).put("late", false)
          .put("sequence", 0).put("createdAt", Times.iso(Instant.now()));
      return d.bookings().insert(doc)
          .recover(err -> d.claims().release(SlotClaims.expertMinutes(expertId, start, end), id)
              .compose(x -> Future.failedFuture(err)))
          .compose(x -> store.transition(entry.getString("_id"), new JsonArray().add(WaitlistStore.WAITING),
              new JsonObject().put("status", WaitlistStore.OFFERED).put("offerBookingId", id)
                  .put("offerStart", Times.iso(start)).put("offerExpiresAt", Times.iso(expires))))
          .compose(updated -> updated == null ? lapse(id) : d.jobs().sendNow(d.notices().toAll(
              List.of(entry.getString("studentId"), entry.getString("createdBy")).stream().distinct().toList(),
              "waitlist_offer", doc)));
    }).recover(err -> err instanceof SlotClaims.Taken ? Future.succeededFuture() : Future.failedFuture(err));
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

  /** Ends an offer if it is still open: frees the expert's minutes, marks the entry, offers the slot to the next. */
  private Future<Void> lapse(String offerId) {
    return d.bookings().transition(offerId, BookingStore.OFFERED, new JsonObject(),
        new JsonObject().put("status", BookingStore.EXPIRED)).compose(o -> {
          if (o == null) {
            return Future.succeededFuture();
          }
          Instant start = Instant.parse(o.getString("start"));
          return d.claims().release(SlotClaims.expertMinutes(o.getString("expertId"), start,
                  Instant.parse(o.getString("end"))), offerId)
              .compose(v -> store.transition(o.getString("waitlistId"), new JsonArray().add(WaitlistStore.OFFERED),
                  new JsonObject().put("status", WaitlistStore.EXPIRED)))
              .compose(v -> slotFreed(o.getString("expertId"), start));
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
