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

  BookingAccess(BookingStore bookings, Guardianship people) {
    this.bookings = bookings;
    this.people = people;
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

  Future<Boolean> maySee(Principal me, JsonObject booking) {
    if (booking == null || BookingStore.OFFERED.equals(booking.getString("status"))
        || BookingStore.EXPIRED.equals(booking.getString("status"))) {
      return Future.succeededFuture(false);
    }
    if (me.is(Role.EXPERT)) {
      return Future.succeededFuture(me.id().equals(booking.getString("expertId")));
    }
    return ownsStudent(me, booking.getString("studentId"));
  }

  /** The booking if the caller may see it; otherwise a 404. */
  Future<JsonObject> load(Principal me, String id) {
    return bookings.find(id).compose(b -> maySee(me, b).compose(ok -> ok
        ? Future.succeededFuture(b)
        : Future.failedFuture(ProblemException.notFound("No booking " + id))));
  }
}
