package cn.wenxin.consult.booking;

import cn.wenxin.consult.testing.ConsultFixture;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.security.Role;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static cn.wenxin.consult.testing.ConsultFixture.as;
import static cn.wenxin.consult.testing.ConsultFixture.await;
import static cn.wenxin.consult.testing.ConsultFixture.bookingBody;
import static cn.wenxin.consult.testing.ConsultFixture.problem;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class CreateBookingTest {

  private ConsultFixture f;
  private final Instant slot = ConsultFixture.hoursAhead(5);

  @BeforeEach
  void setUp(Vertx vertx) {
    f = await(ConsultFixture.start(vertx, new JsonObject()));
  }

  private Future<JsonObject> book(Principal who, JsonObject body, String key) {
    JsonObject params = key == null ? new JsonObject() : new JsonObject().put("Idempotency-Key", key);
    return f.call(Addresses.BOOKINGS, "createBooking", who, params, body);
  }

  @Test
  @DisplayName("A student books a free slot and sees it in their upcoming list, and the expert in the schedule")
  void booksAndLists() {
    await(book(as("stu-010", Role.STUDENT), bookingBody("exp-001", slot), null));
    JsonObject mine = await(f.call(Addresses.BOOKINGS, "listBookings", as("stu-010", Role.STUDENT),
        new JsonObject().put("scope", "upcoming"), null));
    JsonObject schedule = await(f.call(Addresses.BOOKINGS, "mySchedule", as("exp-001", Role.EXPERT),
        new JsonObject().put("from", slot.minus(1, ChronoUnit.DAYS).toString()), null));
    assertThat(mine.getJsonArray("items").getJsonObject(0).getString("start")).isEqualTo(slot.toString());
    // By default the expert sees the booking's pseudonym, not the student's account.
    assertThat(schedule.getJsonArray("items").getJsonObject(0).getString("studentName"))
        .isEqualTo(mine.getJsonArray("items").getJsonObject(0).getString("studentLabel"));
  }

  @Test
  @DisplayName("Fifty students booking the same slot at once give exactly one booking and forty-nine 409s")
  void concurrentSameSlot() {
    List<Future<JsonObject>> attempts = new ArrayList<>();
    for (int i = 10; i < 60; i++) {
      attempts.add(book(as(String.format("stu-%03d", i), Role.STUDENT), bookingBody("exp-001", slot), null));
    }
    await(Future.join(attempts).otherwiseEmpty());
    long ok = attempts.stream().filter(Future::succeeded).count();
    long taken = attempts.stream().filter(a -> a.failed() && ((ProblemException) a.cause()).status() == 409).count();
    assertThat(ok).isEqualTo(1);
    assertThat(taken).isEqualTo(49);
  }

  @Test
  @DisplayName("A retried POST with the same Idempotency-Key returns the same booking, a different body gets a 422")
  void idempotentRetry() {
    Principal me = as("stu-010", Role.STUDENT);
    JsonObject first = await(book(me, bookingBody("exp-001", slot), "key-0001"));
    JsonObject again = await(book(me, bookingBody("exp-001", slot), "key-0001"));
    ProblemException other = problem(book(me, bookingBody("exp-001", slot.plus(1, ChronoUnit.HOURS)), "key-0001"));
    assertThat(again).isEqualTo(first);
    assertThat(other.status()).isEqualTo(422);
  }

  @Test
  @DisplayName("A student cannot hold overlapping bookings with two experts whose grids are half an hour apart")
  void noOverlapAcrossExperts() {
    Principal me = as("stu-010", Role.STUDENT);
    await(book(me, bookingBody("exp-001", slot), null));
    ProblemException p = problem(book(me, bookingBody("exp-002", slot.plus(30, ChronoUnit.MINUTES)), null));
    assertThat(p.status()).isEqualTo(409);
    assertThat(p.extensions().getString("reason")).isEqualTo("student_busy");
  }

  @Test
  @DisplayName("A third upcoming booking is refused by the cap of two, and cancelling one makes room again")
  void upcomingCap() {
    Principal me = as("stu-010", Role.STUDENT);
    JsonObject first = await(book(me, bookingBody("exp-001", slot), null));
    await(book(me, bookingBody("exp-001", slot.plus(1, ChronoUnit.HOURS)), null));
    ProblemException third = problem(book(me, bookingBody("exp-001", slot.plus(2, ChronoUnit.HOURS)), null));
    String id = first.getString("id");
    await(f.call(Addresses.BOOKINGS, "cancelBooking", me, new JsonObject().put("id", id), null));
    await(book(me, bookingBody("exp-001", slot.plus(2, ChronoUnit.HOURS)), null));
    assertThat(third.extensions().getString("reason")).isEqualTo("upcoming_cap");
  }

  @Test
  @DisplayName("Past, too soon, too far and off-grid starts are 422 with the reason named")
  void ruleViolations() {
    Principal me = as("stu-010", Role.STUDENT);
    List<String> reasons = new ArrayList<>();
    for (Instant t : List.of(slot.minus(1, ChronoUnit.DAYS), ConsultFixture.hoursAhead(1),
        slot.plus(40, ChronoUnit.DAYS), slot.plus(20, ChronoUnit.MINUTES))) {
      ProblemException p = problem(book(me, bookingBody("exp-001", t), null));
      assertThat(p.status()).isEqualTo(422);
      reasons.add(p.extensions().getString("reason"));
    }
    assertThat(reasons).containsExactly("past", "too_soon", "too_far", "off_grid");
  }

  @Test
  @DisplayName("An anonymous student is told to sign in with a school account to book")
  void anonymousMayNotBook() {
    ProblemException p = problem(book(ConsultFixture.anonymous(), bookingBody("exp-001", slot), null));
    assertThat(p.status()).isEqualTo(403);
    assertThat(p.detail()).contains("sign in with your school account to book");
  }
}
