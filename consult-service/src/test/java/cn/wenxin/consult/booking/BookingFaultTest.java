package cn.wenxin.consult.booking;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.consult.testing.ConsultFixture;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceRequest;
import cn.wenxin.infra.config.WenxinConfig;
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

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static cn.wenxin.consult.testing.ConsultFixture.as;
import static cn.wenxin.consult.testing.ConsultFixture.await;
import static cn.wenxin.consult.testing.ConsultFixture.bookingBody;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node dies between any two store steps of a create, a reschedule or a cancel (and, in a second pass, just after
 * a step reached the database). Then a healthy node runs its poller once: every time is either held by a booking
 * that exists or free, nothing acknowledged is missing, and no entry is left without an owner.
 */
@ExtendWith(VertxExtension.class)
class BookingFaultTest {

  private ConsultFixture f;
  private BookingParts healthy;
  private int scenario;
  private final Principal checker = as("stu-059", Role.STUDENT);

  @BeforeEach
  void setUp(Vertx vertx) {
    f = await(ConsultFixture.start(vertx, new JsonObject().put("WENXIN_BOOKING_UPCOMING_CAP", "500")));
    await(f.mongo.updateCollection(ConsultCollections.AVAILABILITY, new JsonObject().put("_id", "exp-001"),
        new JsonObject().put("$set", new JsonObject().put("dailyCap", 500))));
    healthy = BookingParts.create(vertx, f.config);
  }

  private BookingParts dying(FaultyStores faults) {
    return BookingParts.create(BookingDeps.create(f.vertx, WenxinConfig.from(f.config), f.mongo,
        faults.bookings(f.mongo), faults.holds(f.mongo)), f.mongo);
  }

  private static ServiceRequest request(String action, Principal who, JsonObject params, JsonObject body) {
    return new ServiceRequest(action, who, params, body, new JsonObject());
  }

  /** What a healthy node's poller does once the pending time is up. */
  private void heal() {
    Instant later = Instant.now().plus(WenxinConfig.from(f.config).booking().holdPending()).plusSeconds(60);
    await(healthy.outbox().drainDue(later));
    await(healthy.sweeper().sweep(later));
  }

  private JsonObject bookingOf(String studentId) {
    List<JsonObject> list = await(f.mongo.find(ConsultCollections.BOOKINGS, new JsonObject()
        .put("studentId", studentId).put("status", new JsonObject().put("$in", BookingStore.LISTED))));
    return list.isEmpty() ? null : list.get(0);
  }

  private boolean free(Instant start) {
    Future<?> attempt = healthy.booker().create(request("createBooking", checker, new JsonObject(),
        bookingBody("exp-001", start)));
    await(attempt.otherwiseEmpty());
    if (attempt.failed()) {
      assertThat(((ProblemException) attempt.cause()).status()).as("refused as taken").isEqualTo(409);
    }
    return attempt.succeeded();
  }

  /** Runs a scenario with death at step 1, 2, ... until the operation completes before dying. */
  private int runUntilComplete(boolean after, Scenario s) {
    int runs = 0;
    for (int dieAt = 1; ; dieAt++) {
      FaultyStores faults = new FaultyStores(dieAt, after);
      Instant a = ConsultFixture.hoursAhead(5 + 2 * scenario);
      String student = String.format("stu-%03d", 10 + scenario);
      scenario++;
      s.check(faults, student, a, a.plus(1, ChronoUnit.HOURS));
      HoldAudit.assertConsistent(f.mongo);
      runs++;
      if (!faults.died()) {
        return runs;
      }
    }
  }

  interface Scenario {
    void check(FaultyStores faults, String student, Instant a, Instant b);
  }

  private void create(FaultyStores faults, String student, Instant a, Instant b) {
    Future<?> outcome = dying(faults).booker().create(request("createBooking", as(student, Role.STUDENT),
        new JsonObject(), bookingBody("exp-001", a)));
    await(outcome.otherwiseEmpty());
    heal();
    JsonObject booking = bookingOf(student);
    if (outcome.succeeded()) {
      assertThat(booking).as("an acknowledged booking exists").isNotNull();
    }
    assertThat(free(a)).as("time held exactly when the booking exists (death at %d)", faults.dieAt)
        .isEqualTo(booking == null);
  }

  private void reschedule(FaultyStores faults, String student, Instant a, Instant b) {
    Principal who = as(student, Role.STUDENT);
    String id = await(healthy.booker().create(request("createBooking", who, new JsonObject(),
        bookingBody("exp-001", a)))).body() instanceof JsonObject j ? j.getString("id") : null;
    Future<?> outcome = dying(faults).changes().reschedule(who, id, b);
    await(outcome.otherwiseEmpty());
    heal();
    JsonObject booking = bookingOf(student);
    Instant held = Instant.parse(booking.getString("start"));
    if (outcome.succeeded()) {
      assertThat(held).isEqualTo(b);
    }
    assertThat(free(held.equals(a) ? b : a)).as("the other time is free (death at %d)", faults.dieAt).isTrue();
    assertThat(free(held)).as("the booking's time is held").isFalse();
  }

  private void cancel(FaultyStores faults, String student, Instant a, Instant b) {
    Principal who = as(student, Role.STUDENT);
    String id = await(healthy.booker().create(request("createBooking", who, new JsonObject(),
        bookingBody("exp-001", a)))).body() instanceof JsonObject j ? j.getString("id") : null;
    Future<?> outcome = dying(faults).changes().cancel(who, id, null);
    await(outcome.otherwiseEmpty());
    heal();
    JsonObject booking = await(f.mongo.findOne(ConsultCollections.BOOKINGS, new JsonObject().put("_id", id), null));
    if (outcome.succeeded()) {
      assertThat(booking.getString("status")).isEqualTo(BookingStore.CANCELLED);
    }
    assertThat(free(a)).as("free exactly when cancelled (death at %d)", faults.dieAt)
        .isEqualTo(BookingStore.CANCELLED.equals(booking.getString("status")));
  }

  @Test
  @DisplayName("A create, a reschedule and a cancel dying between any two steps leave a held or a free time, never a blocked one")
  void dieBetweenAnySteps() {
    int runs = 0;
    for (boolean after : new boolean[] {false, true}) {
      runs += runUntilComplete(after, this::create);
      runs += runUntilComplete(after, this::reschedule);
      runs += runUntilComplete(after, this::cancel);
    }
    assertThat(runs).as("every step of every operation was a place to die").isGreaterThan(20);
    assertThat(Duration.ofHours(5 + 2L * scenario).toDays()).as("scenarios fit the booking horizon").isLessThan(30);
  }

  @Test
  @DisplayName("The directory shows a dead attempt's time as taken exactly while a booking would be refused, and free after the sweep")
  void directoryShowsWhatCanBeBooked() {
    Instant a = ConsultFixture.hoursAhead(6);
    FaultyStores faults = new FaultyStores(2, false);   // dies after taking the time (one batch), at the insert
    await(dying(faults).booker().create(request("createBooking", as("stu-020", Role.STUDENT), new JsonObject(),
        bookingBody("exp-001", a))).otherwiseEmpty());
    assertThat(shownFree(a)).as("shown taken while held").isFalse();
    assertThat(free(a)).as("and refused").isFalse();
    heal();
    assertThat(shownFree(a)).as("shown free after the sweep").isTrue();
    assertThat(free(a)).as("and bookable").isTrue();
    assertThat(shownFree(a)).as("taken again by that booking").isFalse();
  }

  private boolean shownFree(Instant start) {
    JsonObject slots = await(f.call(Addresses.DIRECTORY, "expertSlots", checker,
        new JsonObject().put("id", "exp-001").put("from", start.toString())
            .put("to", start.plusSeconds(60).toString()), null));
    return slots.getJsonArray("items").getJsonObject(0).getBoolean("available");
  }
}
