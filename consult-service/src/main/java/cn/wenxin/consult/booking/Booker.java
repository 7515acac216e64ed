package cn.wenxin.consult.booking;

import cn.wenxin.consult.consent.Guardianship;
import cn.wenxin.consult.directory.SlotCalendar;
import cn.wenxin.consult.directory.Times;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceReply;
import cn.wenxin.infra.bus.ServiceRequest;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.security.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * createBooking. Order: rules (422), then the expert's minutes (409 taken), the student's minutes (409), the daily
 * cap and the upcoming cap (422), then the booking document; a failure at any step releases what was claimed.
 */
final class Booker {

  static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

  private final BookingDeps d;
  private final BookingAccess access;
  private final StudentSideClaims studentSide;

  Booker(BookingDeps d, BookingAccess access) {
    this.d = d;
    this.access = access;
    this.studentSide = new StudentSideClaims(d);
  }

  Future<ServiceReply> create(ServiceRequest r) {
    Principal me = r.caller(Role.STUDENT, Role.PARENT);
    JsonObject body = r.bodyObject();
    String key = r.param(IDEMPOTENCY_HEADER) != null ? r.param(IDEMPOTENCY_HEADER) : r.param("idempotency-key");
    if (me.anonymous()) {
      return Future.failedFuture(ProblemException.forbidden(BookingAccess.ANONYMOUS_MAY_NOT_BOOK));
    }
    if (key == null) {
      return book(me, body).map(ServiceReply::created);
    }
    return d.idempotency().begin(me.id(), key, body).compose(prior -> prior != null
        ? Future.succeededFuture(ServiceReply.created(prior))
        : book(me, body)
            .compose(view -> d.idempotency().complete(me.id(), key, view).map(ServiceReply.created(view)))
            .recover(err -> d.idempotency().abandon(me.id(), key).compose(v -> Future.failedFuture(err))));
  }

  private Future<JsonObject> book(Principal me, JsonObject body) {
    Instant start = Times.parse(body.getString("start"), "start");
    String expertId = body.getString("expertId");
    Future<JsonObject> student = access.student(me, body.getString("forChildId"));
    Future<JsonObject> expert = bookableExpert(expertId, body.getString("mode"));
    Future<SlotCalendar> calendar = d.availability().get(expertId).map(SlotCalendar::new);
    return Future.all(student, expert, calendar)
        .compose(v -> Verdicts.require(calendar.result().check(start, Instant.now(), List.of())))
        .compose(v -> consentRequired(student.result()))
        .compose(consent -> claimAndInsert(me, body, student.result(), expert.result(), calendar.result(), start,
            consent));
  }

  private Future<JsonObject> bookableExpert(String expertId, String mode) {
    return d.experts().find(expertId).compose(expert -> {
      if (expert == null || !expert.getBoolean("active", true)) {
        return Future.failedFuture(ProblemException.unprocessable("No expert " + expertId));
      }
      if (!expert.getJsonArray("modes", new JsonArray()).contains(mode)) {
        return Future.failedFuture(ProblemException.unprocessable("This expert does not offer " + mode + " sessions"));
      }
      return Future.succeededFuture(expert);
    });
  }

  private Future<JsonObject> claimAndInsert(Principal me, JsonObject body, JsonObject student, JsonObject expert,
                                            SlotCalendar cal, Instant start, boolean consentRequired) {
    String id = UUID.randomUUID().toString();
    Instant end = start.plus(cal.slotLength());
    String studentId = student.getString("_id");
    String expertId = expert.getString("_id");
    LocalDate day = cal.localDate(start);
    List<String> expertMinutes = SlotClaims.expertMinutes(expertId, start, end);
    return d.claims().claimAll(expertMinutes, id)
        .recover(err -> Future.failedFuture(err instanceof SlotClaims.Taken ? Verdicts.taken() : err))
        .compose(v -> studentSide.claim(id, studentId, expertId, start, end, day, cal.rules().dailyCap())
            .recover(err -> d.claims().release(expertMinutes, id).compose(x -> Future.failedFuture(err))))
        .compose(held -> {
          JsonObject doc = document(id, me, body, student, expert, start, end, consentRequired)
              .put("dayClaim", held.dayClaim()).put("capClaim", held.capClaim());
          return d.bookings().insert(doc).map(doc).recover(err -> {
            List<String> all = new ArrayList<>(expertMinutes);
            all.addAll(SlotClaims.studentMinutes(studentId, start, end));
            all.add(held.dayClaim());
            all.add(held.capClaim());
            return d.claims().release(all, id).compose(x -> Future.failedFuture(err));
          });
        })
        .compose(doc -> announce(doc, student).map(BookingStore.view(doc)));
  }

  static JsonObject document(String id, Principal me, JsonObject body, JsonObject student, JsonObject expert,
                             Instant start, Instant end, boolean consentRequired) {
    String now = Times.iso(Instant.now());
    return new JsonObject().put("_id", id).put("status", BookingStore.CONFIRMED)
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
  private Future<Boolean> consentRequired(JsonObject student) {
    if (!Guardianship.underConsentAge(student, LocalDate.now(d.config().service().defaultZone()))) {
      return Future.succeededFuture(false);
    }
    return d.bus().<JsonObject>ask(Addresses.CONSENTS, "guardianConsentOnFile", ServiceRequest.of(null,
            new JsonObject(), new JsonObject().put("subjectId", student.getString("_id"))))
        .map(j -> !j.getBoolean("onFile", false));
  }

  /** Reminders, and word to the student, the expert and (if consent is missing) the guardians. */
  Future<Void> announce(JsonObject doc, JsonObject student) {
    JsonArray notices = new JsonArray()
        .add(d.notices().of(doc.getString("studentId"), "booking_created", doc))
        .add(d.notices().of(doc.getString("expertId"), "booking_received", doc));
    if (!doc.getString("bookedBy").equals(doc.getString("studentId"))) {
      notices.add(d.notices().of(doc.getString("bookedBy"), "booking_created", doc));
    }
    if (doc.getBoolean("guardianConsentRequired", false)) {
      notices.addAll(d.notices().toAll(Guardianship.guardians(student), "guardian_consent_needed", doc));
    }
    return d.jobs().schedule(doc).compose(v -> d.jobs().sendNow(notices))
        .compose(v -> StudentShown.tellSessions(d.bus(), doc.getString("_id")));
  }
}
