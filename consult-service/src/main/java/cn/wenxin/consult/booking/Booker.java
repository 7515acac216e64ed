package cn.wenxin.consult.booking;

import cn.wenxin.consult.consent.Guardianship;
import cn.wenxin.consult.directory.SlotCalendar;
import cn.wenxin.consult.directory.Times;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceReply;
import cn.wenxin.infra.bus.ServiceRequest;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.mongo.Mongo;
import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.security.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * createBooking. Order: rules (422), then, as one attempt with its own token, the expert's time (409 taken), the
 * student's time (409), the daily and upcoming caps (422), then the booking document listing what it holds and, in
 * the same write, what must follow (outbox). A refusal releases what this attempt took; nothing else.
 */
final class Booker {

  static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Booker.class);

  private final BookingDeps d;
  private final BookingAccess access;
  private final Placement placement;
  private final Outbox outbox;

  Booker(BookingDeps d, BookingAccess access, Placement placement, Outbox outbox) {
    this.d = d;
    this.access = access;
    this.placement = placement;
    this.outbox = outbox;
  }

  Future<ServiceReply> create(ServiceRequest r) {
    Principal me = r.caller(Role.STUDENT, Role.PARENT);
    JsonObject body = r.bodyObject();
    String key = r.param(IDEMPOTENCY_HEADER) != null ? r.param(IDEMPOTENCY_HEADER) : r.param("idempotency-key");
    if (me.anonymous()) {
      return Future.failedFuture(BookingAccess.anonymousMayNotBook());
    }
    if (key == null) {
      return book(me, body, UUID.randomUUID().toString()).map(ServiceReply::created).recover(Booker::unsure);
    }
    // One id per (caller, key): a retry after a crash finds the booking its first attempt made.
    String id = UUID.nameUUIDFromBytes((me.id() + "|" + key).getBytes(StandardCharsets.UTF_8)).toString();
    return d.idempotency().begin(me.id(), key, body).compose(prior -> prior != null
        ? Future.succeededFuture(ServiceReply.created(prior))
        : book(me, body, id, view -> d.idempotency().complete(me.id(), key, view)).map(ServiceReply::created)
            .recover(err -> d.idempotency().abandon(me.id(), key).compose(v -> Future.failedFuture(err))))
        .recover(Booker::unsure);
  }

  private Future<JsonObject> book(Principal me, JsonObject body, String id) {
    return book(me, body, id, view -> Future.succeededFuture());
  }

  /** A store failure may hide a booking that was made: say so (503), and a retry with the same key finds it. */
  private static Future<ServiceReply> unsure(Throwable err) {
    if (!(err instanceof ProblemException)) {
      log.warn("Booking not confirmed, answered 503", err);
    }
    return Future.failedFuture(err instanceof ProblemException ? err : new ProblemException(503,
        "Service unavailable", "The booking could not be confirmed; retry with the same Idempotency-Key",
        new JsonObject().put("retryAfter", 5)));
  }

  /** {@code recorded} stores the answer once the booking is written; it runs alongside the outbox's tasks. */
  private Future<JsonObject> book(Principal me, JsonObject body, String id,
                                  java.util.function.Function<JsonObject, Future<Void>> recorded) {
    Instant start = Times.parse(body.getString("start"), "start");
    String expertId = body.getString("expertId");
    Future<JsonObject> student = access.student(me, body.getString("forChildId"));
    Future<JsonObject> expert = bookableExpert(expertId, body.getString("mode"));
    Future<SlotCalendar> calendar = d.availability().get(expertId).map(SlotCalendar::new);
    return Future.all(student, expert, calendar)
        .compose(v -> Verdicts.require(calendar.result().check(start, Instant.now(), List.of())))
        .compose(v -> consentRequired(student.result()))
        .compose(consent -> place(id, me, body, student.result(), expert.result(), calendar.result(), start,
            consent, recorded));
  }

  Future<JsonObject> bookableExpert(String expertId, String mode) {
    return d.experts().find(expertId).compose(expert -> {
      if (expert == null || !expert.getBoolean("active", true)) {
        return Future.failedFuture(ProblemException.unprocessable("No expert " + expertId));
      }
      if (!expert.getJsonArray("modes", new JsonArray()).contains(mode)) {
        return Future.failedFuture(ProblemException.unprocessable("This expert does not offer " + mode + " sessions")
            .withCode("mode_not_offered"));
      }
      return Future.succeededFuture(expert);
    });
  }

  private Future<JsonObject> place(String id, Principal me, JsonObject body, JsonObject student, JsonObject expert,
                                   SlotCalendar cal, Instant start, boolean consentRequired,
                                   java.util.function.Function<JsonObject, Future<Void>> recorded) {
    Instant end = start.plus(cal.slotLength());
    Placement.Needs needs = new Placement.Needs(expert.getString("_id"), student.getString("_id"), start, end,
        true, true, cal.localDate(start), cal.rules().dailyCap(), true);
    return placement.take(needs, placement.attempt(id, -1)).compose(holds -> {
      JsonObject doc = document(id, me, body, student, expert, start, end, consentRequired)
          .put("holds", TimeHolds.Hold.json(holds)).put("outboxDue", Times.iso(Instant.now()));
      doc.put("outbox", createdTasks(doc, student));
      return d.bookings().insert(doc).map(doc).recover(err -> notInserted(doc, holds, err));
    }).compose(doc -> {
      JsonObject view = BookingStore.view(doc);
      return Future.all(outbox.drain(doc), recorded.apply(view)).map(view);
    });
  }

  /**
   * The insert failed. Its id taken means a retry with the same key whose first attempt wrote the booking (that
   * booking is the answer), or an attempt voided by the sweeper. Any other error may hide a write that happened:
   * look before releasing, and when even that fails leave the holds pending for the sweeper to decide.
   */
  private Future<JsonObject> notInserted(JsonObject doc, List<TimeHolds.Hold> holds, Throwable err) {
    return d.bookings().find(doc.getString("_id")).compose(found -> {
      if (found != null && found.getJsonArray("holds", new JsonArray()).equals(doc.getJsonArray("holds"))) {
        return Future.succeededFuture(found);
      }
      Future<JsonObject> answer = found != null && Ownership.occupying(found)
          && doc.getString("bookedBy").equals(found.getString("bookedBy"))
          && doc.getString("start").equals(found.getString("start"))
          ? Future.succeededFuture(found)
          : Future.failedFuture(Mongo.isDuplicateKey(err)
              ? ProblemException.conflict("This request could not finish; try again with a new Idempotency-Key")
              : err);
      return d.holds().release(holds).compose(v -> answer);
    });
  }

  static JsonObject document(String id, Principal me, JsonObject body, JsonObject student, JsonObject expert,
                             Instant start, Instant end, boolean consentRequired) {
    String now = Times.iso(Instant.now());
    return new JsonObject().put("_id", id).put("status", BookingStore.CONFIRMED).put("version", 0)
        .put("expertId", expert.getString("_id")).put("expertName", expert.getString("name"))
        .put("studentId", student.getString("_id")).put("studentName", student.getString("displayName"))
        .put("bookedBy", me.id()).put("bookedByRole", me.role().wire())
        .put("start", Times.iso(start)).put("end", Times.iso(end))
        .put("mode", body.getString("mode")).put("topic", body.getString("topic")).put("note", body.getString("note"))
        .put("guardianConsentRequired", consentRequired).put("late", false).put("sequence", 0)
        .mergeIn(StudentShown.chosen(body, student))
        .put("createdAt", now).put("updatedAt", now);
  }

  /** Under 14 and no guardian consent to the current policy on file: the booking stands, flagged. */
  Future<Boolean> consentRequired(JsonObject student) {
    if (!Guardianship.underConsentAge(student, LocalDate.now(d.config().service().defaultZone()))) {
      return Future.succeededFuture(false);
    }
    return d.bus().<JsonObject>ask(Addresses.CONSENTS, "guardianConsentOnFile", ServiceRequest.of(null,
            new JsonObject(), new JsonObject().put("subjectId", student.getString("_id"))))
        .map(j -> !j.getBoolean("onFile", false));
  }

  /** What follows a new booking: reminders, and word to the student, the expert and (if needed) the guardians. */
  JsonArray createdTasks(JsonObject doc, JsonObject student) {
    JsonArray notices = new JsonArray()
        .add(d.notices().of(doc.getString("studentId"), "booking_created", doc))
        .add(d.notices().of(doc.getString("expertId"), "booking_received", doc));
    if (!doc.getString("bookedBy").equals(doc.getString("studentId"))) {
      notices.add(d.notices().of(doc.getString("bookedBy"), "booking_created", doc));
    }
    if (doc.getBoolean("guardianConsentRequired", false)) {
      notices.addAll(d.notices().toAll(Guardianship.guardians(student), "guardian_consent_needed", doc));
    }
    return new JsonArray().add(Outbox.task("reminders")).add(Outbox.task("notices").put("notices", notices))
        .add(Outbox.task("session"));
  }
}
