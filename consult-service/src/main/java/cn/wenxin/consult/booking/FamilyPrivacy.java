package cn.wenxin.consult.booking;

import cn.wenxin.consult.consent.Guardianship;
import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.security.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.time.ZoneId;

/**
 * What a parent may know of a linked child's booking (docs/security.md, "Between family members"). From 14 what a
 * student books and writes is theirs: a parent sees that a session exists only when the student shares bookings
 * with their parents, and cannot change what the student booked. Under 14 the guardian sees that and when, and may
 * change it. A parent never sees the student's topic or note, except on a booking the parent made (they wrote it).
 */
final class FamilyPrivacy {

  /** How far a parent reaches into one booking. */
  enum Reach { NONE, SEE, CHANGE }

  /** The student's setting, on their account; off unless the student turns it on. */
  static final String SHARES = "shareBookingsWithParents";
  private static final String[] STUDENTS_OWN = {"topic", "note"};

  private final Guardianship people;
  private final ZoneId zone;

  FamilyPrivacy(Guardianship people, ZoneId zone) {
    this.people = people;
    this.zone = zone;
  }

  /** The parent's reach into a booking of a child already known to be linked to them. */
  Future<Reach> reach(Principal parent, JsonObject booking) {
    if (parent.id().equals(booking.getString("bookedBy"))) {
      return Future.succeededFuture(Reach.CHANGE);
    }
    return people.account(booking.getString("studentId")).map(child -> {
      if (Guardianship.underConsentAge(child, LocalDate.now(zone))) {
        return Reach.CHANGE;
      }
      JsonObject s = child == null ? null : child.getJsonObject("student");
      return s != null && s.getBoolean(SHARES, false) ? Reach.SEE : Reach.NONE;
    });
  }

  /** The booking as its viewer may see it: a parent who did not make it gets that and when, not what. */
  static JsonObject view(Principal me, JsonObject booking) {
    return redact(me, BookingStore.view(booking));
  }

  /** Removes from a booking's view what its viewer may not read. */
  static JsonObject redact(Principal me, JsonObject view) {
    if (me.is(Role.PARENT) && !me.id().equals(view.getString("bookedBy"))) {
      for (String field : STUDENTS_OWN) {
        view.remove(field);
      }
    }
    return view;
  }
}
