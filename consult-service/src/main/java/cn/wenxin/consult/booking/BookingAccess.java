package cn.wenxin.consult.booking;

import cn.wenxin.consult.consent.Guardianship;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.security.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * "Is this your booking?", asked in the service whatever the gateway checked. Someone else's booking is a 404,
 * not a 403, so that ids cannot be probed.
 */
final class BookingAccess {

  static final String ANONYMOUS_MAY_NOT_BOOK = "sign in with your school account to book; talk now is open to everyone";

  private final BookingStore bookings;
  private final Guardianship people;
  private final FamilyPrivacy family;

  BookingAccess(BookingStore bookings, Guardianship people, java.time.ZoneId zone) {
    this.bookings = bookings;
    this.people = people;
    this.family = new FamilyPrivacy(people, zone);
  }

  static ProblemException anonymousMayNotBook() {
    return ProblemException.forbidden(ANONYMOUS_MAY_NOT_BOOK).withCode("anonymous_may_not_book");
  }

  /** The student a booking or waitlist entry is for: the caller, or (for a parent) a linked child. */
  Future<JsonObject> student(Principal me, String forChildId) {
    if (me.anonymous()) {
      return Future.failedFuture(anonymousMayNotBook());
    }
    if (me.is(Role.STUDENT)) {
      if (forChildId != null && !forChildId.equals(me.id())) {
        return Future.failedFuture(ProblemException.forbidden("Students book for themselves")
            .withCode("students_book_for_themselves"));
      }
      return people.account(me.id()).compose(a -> a == null
          ? Future.failedFuture(ProblemException.forbidden("No student account " + me.id()))
          : Future.succeededFuture(a));
    }
    if (me.is(Role.PARENT)) {
      if (forChildId == null) {
        return Future.failedFuture(ProblemException.unprocessable("Say which child this is for (forChildId)")
            .withCode("child_required"));
      }
      return people.linkedChild(me.id(), forChildId);
    }
    return Future.failedFuture(ProblemException.forbidden("Only students and parents book"));
  }

  /** Whether the caller may see (and, for students and parents, change) what belongs to this student. */
  Future<Boolean> ownsStudent(Principal me, String studentId) {
    if (me.is(Role.STUDENT)) {
      return Future.succeededFuture(me.id().equals(studentId));
    }
    if (me.is(Role.PARENT)) {
      return people.childrenOf(me.id()).map(children -> children.contains(studentId));
    }
    return Future.succeededFuture(false);
  }

  private Future<FamilyPrivacy.Reach> reach(Principal me, JsonObject booking) {
    if (booking == null || BookingStore.OFFERED.equals(booking.getString("status"))
        || BookingStore.EXPIRED.equals(booking.getString("status"))) {
      return Future.succeededFuture(FamilyPrivacy.Reach.NONE);
    }
    if (me.is(Role.EXPERT)) {
      return Future.succeededFuture(me.id().equals(booking.getString("expertId"))
          ? FamilyPrivacy.Reach.CHANGE : FamilyPrivacy.Reach.NONE);
    }
    return ownsStudent(me, booking.getString("studentId")).compose(owns -> !owns
        ? Future.succeededFuture(FamilyPrivacy.Reach.NONE)
        : me.is(Role.PARENT) ? family.reach(me, booking) : Future.succeededFuture(FamilyPrivacy.Reach.CHANGE));
  }

  /** The booking if the caller may change it (404 if they may not see it, 403 if they may only see it). */
  Future<JsonObject> load(Principal me, String id) {
    return bookings.find(id).compose(b -> reach(me, b).compose(r -> switch (r) {
      case CHANGE -> Future.succeededFuture(b);
      case SEE -> Future.failedFuture(ProblemException.forbidden(
          "From 14 a student's own booking is theirs to change"));
      case NONE -> Future.failedFuture(ProblemException.notFound("No booking " + id));
    }));
  }

  /** The booking as the caller may see it; otherwise a 404. */
  Future<JsonObject> read(Principal me, String id) {
    return bookings.find(id).compose(b -> reach(me, b).compose(r -> r == FamilyPrivacy.Reach.NONE
        ? Future.failedFuture(ProblemException.notFound("No booking " + id))
        : Future.succeededFuture(shown(me, b, r))));
  }

  /**
   * The view with {@code mayChange}: whether this caller may cancel or reschedule it, so a page offers only what the
   * server will allow (a parent sees a 14-year-old's shared booking but may not change it).
   */
  private static JsonObject shown(Principal me, JsonObject booking, FamilyPrivacy.Reach reach) {
    return FamilyPrivacy.view(me, booking).put("mayChange", reach == FamilyPrivacy.Reach.CHANGE);
  }

  /** Of a list, the bookings the caller may see, each as they may see it. */
  Future<io.vertx.core.json.JsonArray> visible(Principal me, java.util.List<JsonObject> list) {
    java.util.List<Future<FamilyPrivacy.Reach>> checks = list.stream().map(b -> reach(me, b)).toList();
    return Future.all(checks).map(done -> {
      io.vertx.core.json.JsonArray out = new io.vertx.core.json.JsonArray();
      for (int i = 0; i < list.size(); i++) {
        FamilyPrivacy.Reach r = checks.get(i).result();
        if (r != FamilyPrivacy.Reach.NONE) {
          out.add(shown(me, list.get(i), r));
        }
      }
      return out;
    });
  }
}
