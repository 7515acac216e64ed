package cn.wenxin.consult.booking;

import cn.wenxin.consult.testing.ConsultFixture;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.security.Role;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static cn.wenxin.consult.testing.ConsultFixture.as;
import static cn.wenxin.consult.testing.ConsultFixture.await;
import static cn.wenxin.consult.testing.ConsultFixture.bookingBody;
import static cn.wenxin.consult.testing.ConsultFixture.problem;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class ChangeBookingTest {

  private ConsultFixture f;
  private final Instant slot = ConsultFixture.hoursAhead(5);
  private final Principal student = as("stu-010", Role.STUDENT);

  @BeforeEach
  void setUp(Vertx vertx) {
    f = await(ConsultFixture.start(vertx, new JsonObject()));
  }

  private JsonObject book(Principal who, String expertId, Instant start) {
    return await(f.call(Addresses.BOOKINGS, "createBooking", who, new JsonObject(), bookingBody(expertId, start)));
  }

  private JsonObject act(String action, Principal who, String id, JsonObject body) {
    return await(f.call(Addresses.BOOKINGS, action, who, new JsonObject().put("id", id), body));
  }

  @Test
  @DisplayName("A cancelled booking frees its slot, so another student can book it")
  void cancelFreesSlot() {
    JsonObject b = book(student, "exp-001", slot);
    JsonObject cancelled = act("cancelBooking", student, b.getString("id"), new JsonObject().put("reason", "考试"));
    JsonObject other = book(as("stu-011", Role.STUDENT), "exp-001", slot);
    assertThat(cancelled.getString("status")).isEqualTo("cancelled");
    assertThat(cancelled.getBoolean("late")).isFalse();
    assertThat(other.getString("status")).isEqualTo("confirmed");
  }

  @Test
  @DisplayName("Rescheduling moves the booking and frees the old slot; the new slot is then taken")
  void reschedule() {
    JsonObject b = book(student, "exp-001", slot);
    Instant later = slot.plus(3, ChronoUnit.HOURS);
    JsonObject moved = act("rescheduleBooking", student, b.getString("id"), new JsonObject().put("start", later.toString()));
    book(as("stu-011", Role.STUDENT), "exp-001", slot);
    ProblemException p = problem(f.call(Addresses.BOOKINGS, "createBooking", as("stu-012", Role.STUDENT),
        new JsonObject(), bookingBody("exp-001", later)));
    assertThat(moved.getString("start")).isEqualTo(later.toString());
    assertThat(moved.getInteger("sequence")).isEqualTo(1);
    assertThat(p.status()).isEqualTo(409);
  }

  @Test
  @DisplayName("Rescheduling onto a taken slot is a 409 and the original booking stays as it was")
  void rescheduleOntoTakenSlot() {
    JsonObject b = book(student, "exp-001", slot);
    book(as("stu-011", Role.STUDENT), "exp-001", slot.plus(1, ChronoUnit.HOURS));
    ProblemException p = problem(f.call(Addresses.BOOKINGS, "rescheduleBooking", student,
        new JsonObject().put("id", b.getString("id")),
        new JsonObject().put("start", slot.plus(1, ChronoUnit.HOURS).toString())));
    ProblemException stillMine = problem(f.call(Addresses.BOOKINGS, "createBooking", as("stu-012", Role.STUDENT),
        new JsonObject(), bookingBody("exp-001", slot)));
    assertThat(p.status()).isEqualTo(409);
    assertThat(stillMine.status()).isEqualTo(409);
  }

  @Test
  @DisplayName("When the expert cancels, the student is notified with the next free slots of that and similar experts")
  void expertCancelNotifiesWithAlternatives() {
    JsonObject b = book(student, "exp-001", slot);
    act("cancelBooking", as("exp-001", Role.EXPERT), b.getString("id"), null);
    JsonObject inbox = await(f.call(Addresses.NOTIFICATIONS, "listNotifications", student, new JsonObject(), null));
    JsonObject latest = inbox.getJsonArray("items").getJsonObject(0);
    JsonObject alt = latest.getJsonObject("data").getJsonObject("alternatives");
    assertThat(latest.getString("type")).isEqualTo("booking_cancelled_by_expert");
    assertThat(alt.getJsonArray("sameExpert")).isNotEmpty();
    assertThat(alt.getJsonArray("sameExpert").stream().map(o -> ((JsonObject) o).getString("start")))
        .doesNotContain(slot.toString());
    assertThat(alt.getJsonArray("similarExperts").stream().map(o -> ((JsonObject) o).getString("expertId")))
        .contains("exp-002", "exp-003");
  }

  @Test
  @DisplayName("Another student cannot see or cancel someone else's booking: it is a 404")
  void notYourBooking() {
    JsonObject b = book(student, "exp-001", slot);
    ProblemException p = problem(f.call(Addresses.BOOKINGS, "cancelBooking", as("stu-011", Role.STUDENT),
        new JsonObject().put("id", b.getString("id")), null));
    ProblemException e = problem(f.call(Addresses.BOOKINGS, "getBooking", as("exp-002", Role.EXPERT),
        new JsonObject().put("id", b.getString("id")), null));
    assertThat(p.status()).isEqualTo(404);
    assertThat(e.status()).isEqualTo(404);
  }

  @Test
  @DisplayName("An expert cannot mark a no-show before the session has started")
  void noShowOnlyAfterStart() {
    JsonObject b = book(student, "exp-001", slot);
    ProblemException p = problem(f.call(Addresses.BOOKINGS, "markNoShow", as("exp-001", Role.EXPERT),
        new JsonObject().put("id", b.getString("id")), null));
    assertThat(p.status()).isEqualTo(422);
  }

  @Test
  @DisplayName("The booking's calendar file has a stable UID and a UTC start")
  void calendarFile() {
    JsonObject b = book(student, "exp-001", slot);
    String ics = await(f.client.call(Addresses.BOOKINGS, "bookingCalendar",
        new cn.wenxin.infra.bus.ServiceRequest("bookingCalendar", student, new JsonObject().put("id", b.getString("id")),
            null, new JsonObject()))).body().toString();
    String utc = slot.toString().replace("-", "").replace(":", "");
    assertThat(ics).contains("BEGIN:VCALENDAR", "UID:" + b.getString("id") + "@wenxin", "DTSTART:" + utc,
        "STATUS:CONFIRMED");
  }

  @Test
  @DisplayName("Cancelling less than two hours before the start is allowed and marked late")
  void lateCancel() {
    await(f.mongo.updateCollection(cn.wenxin.consult.ConsultCollections.AVAILABILITY,
        new JsonObject().put("_id", "exp-003"), new JsonObject().put("$set", new JsonObject().put("minNoticeMinutes", 0))));
    JsonObject b = book(student, "exp-003", ConsultFixture.hoursAhead(1));
    JsonObject cancelled = act("cancelBooking", student, b.getString("id"), null);
    assertThat(cancelled.getBoolean("late")).isTrue();
  }
}
