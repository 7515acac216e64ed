package cn.wenxin.consult.booking;

import cn.wenxin.consult.directory.Times;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceEndpoint;
import cn.wenxin.infra.bus.ServiceReply;
import cn.wenxin.infra.bus.ServiceRequest;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.metrics.WenxinMetrics;
import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.security.Role;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Bookings, their calendar files and feeds, and the waitlist: one action per operationId. */
public class BookingVerticle extends VerticleBase {

  static final Duration FEED_PAST = Duration.ofDays(30);
  static final Duration FEED_FUTURE = Duration.ofDays(90);

  private BookingParts p;

  @Override
  public Future<?> start() {
    p = BookingParts.create(vertx, config());
    WenxinMetrics metrics = WenxinMetrics.of(vertx, config());
    return new ServiceEndpoint(Addresses.BOOKINGS)
        .on("createBooking", r -> metrics.booking("created", p.booker().create(r)))
        .on("listBookings", this::list)
        .on("getBooking", r -> p.access().read(r.caller(), r.requiredParam("id"))
            .map(v -> StudentShown.forViewer(r.caller(), v)))
        .on("cancelBooking", r -> metrics.booking("cancelled", p.changes().cancel(
            r.caller(Role.STUDENT, Role.PARENT, Role.EXPERT), r.requiredParam("id"),
            r.body() instanceof JsonObject b ? b.getString("reason") : null))
            .map(v -> StudentShown.forViewer(r.caller(), FamilyPrivacy.redact(r.caller(), v))))
        .on("rescheduleBooking", r -> metrics.booking("rescheduled", p.changes().reschedule(
            r.caller(Role.STUDENT, Role.PARENT), r.requiredParam("id"),
            Times.parse(r.bodyObject().getString("start"), "start")))
            .map(v -> StudentShown.forViewer(r.caller(), FamilyPrivacy.redact(r.caller(), v))))
        .on("markNoShow", r -> p.changes().noShow(r.caller(Role.EXPERT), r.requiredParam("id"))
            .map(v -> StudentShown.forViewer(r.caller(), v)))
        .on("bookingAlternatives", r -> p.access().load(r.caller(Role.STUDENT, Role.PARENT), r.requiredParam("id"))
            .compose(b -> p.alternatives().forBooking(b)))
        .on("bookingCalendar", r -> p.access().read(r.caller(), r.requiredParam("id"))
            .map(b -> ServiceReply.text(BookingCalendar.CONTENT_TYPE, BookingCalendar.of(List.of(b),
                p.deps().config().http().publicUrl()))))
        .on("mySchedule", this::schedule)
        .on("myCalendarFeed", r -> p.feeds().status(r.caller(Role.EXPERT).id()))
        .on("newCalendarFeed", this::newFeed)
        .on("expertCalendarFeed", this::feed)
        .on("joinWaitlist", r -> p.waitlist().join(r.caller(Role.STUDENT, Role.PARENT), r.requiredParam("id"),
            r.bodyObject().getString("date"), r.bodyObject().getString("forChildId")).map(ServiceReply::created))
        .on("listWaitlist", r -> p.waitlist().list(r.caller(Role.STUDENT, Role.PARENT)))
        .on("leaveWaitlist", r -> p.waitlist().leave(r.caller(Role.STUDENT, Role.PARENT), r.requiredParam("id")))
        .on("acceptWaitlistOffer", r -> p.waitlist().accept(r.caller(Role.STUDENT, Role.PARENT),
            r.requiredParam("id"), r.bodyObject()).map(ServiceReply::created))
        .on("guardianConsentChanged", this::consentChanged)
        .bind(vertx);
  }

  private Future<JsonObject> list(ServiceRequest r) {
    Principal me = r.caller(Role.STUDENT, Role.PARENT);
    boolean upcoming = !"past".equals(r.param("scope"));
    Future<List<String>> students = me.is(Role.PARENT) ? p.deps().people().childrenOf(me.id())
        : Future.succeededFuture(List.of(me.id()));
    return students.compose(ids -> p.deps().bookings().ofStudents(ids, upcoming))
        .compose(list -> p.access().visible(me, list))
        .map(items -> new JsonObject().put("items", items).put("total", items.size()));
  }

  private Future<JsonObject> schedule(ServiceRequest r) {
    Principal me = r.caller(Role.EXPERT);
    Instant from = Times.parseOr(r.param("from"),
        LocalDate.now(p.deps().config().service().defaultZone()).atStartOfDay(p.deps().config().service().defaultZone())
            .toInstant(), "from");
    Instant to = Times.parseOr(r.param("to"), from.plus(Duration.ofDays(7)), "to");
    if (!to.isAfter(from) || Duration.between(from, to).toDays() > 92) {
      return Future.failedFuture(ProblemException.unprocessable("'to' must be after 'from', at most 92 days later"));
    }
    return p.deps().bookings().ofExpert(me.id(), from, to)
        .map(list -> new JsonObject().put("items", StudentShown.forExpert(BookingStore.views(list)))
            .put("from", Times.iso(from))
            .put("to", Times.iso(to)));
  }

  private Future<ServiceReply> newFeed(ServiceRequest r) {
    Principal me = r.caller(Role.EXPERT);
    return p.feeds().issue(me.id()).compose(token -> p.feeds().status(me.id()).map(status -> ServiceReply.created(
        status.put("url", p.deps().config().http().publicUrl() + "/api/v1/calendar-feeds/" + token + "/expert.ics"))));
  }

  private Future<ServiceReply> feed(ServiceRequest r) {
    return p.feeds().expertFor(r.requiredParam("token")).compose(expertId -> {
      if (expertId == null) {
        return Future.failedFuture(ProblemException.notFound("No such calendar"));
      }
      Instant now = Instant.now();
      return p.deps().bookings().ofExpert(expertId, now.minus(FEED_PAST), now.plus(FEED_FUTURE))
          .map(list -> ServiceReply.text(BookingCalendar.CONTENT_TYPE, BookingCalendar.of(list,
              p.deps().config().http().publicUrl())));
    });
  }

  private Future<JsonObject> consentChanged(ServiceRequest r) {
    JsonObject b = r.bodyObject();
    return p.deps().bookings().setConsentRequired(b.getString("subjectId"), !b.getBoolean("onFile", false))
        .map(n -> new JsonObject().put("updated", n));
  }

}
