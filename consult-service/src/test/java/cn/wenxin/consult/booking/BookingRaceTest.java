package cn.wenxin.consult.booking;

import cn.wenxin.consult.testing.ConsultFixture;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.security.Role;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static cn.wenxin.consult.testing.ConsultFixture.as;
import static cn.wenxin.consult.testing.ConsultFixture.await;
import static cn.wenxin.consult.testing.ConsultFixture.bookingBody;
import static cn.wenxin.consult.testing.ConsultFixture.problem;
import static org.assertj.core.api.Assertions.assertThat;

/** Every way two changes of one booking can meet: exactly one wins, and no time another booking holds is freed. */
@ExtendWith(VertxExtension.class)
class BookingRaceTest {

  private ConsultFixture f;
  private final Instant slot = ConsultFixture.hoursAhead(5);
  private final Instant later = slot.plus(3, ChronoUnit.HOURS);
  private final Principal student = as("stu-010", Role.STUDENT);

  @BeforeEach
  void setUp(Vertx vertx) {
    f = await(ConsultFixture.start(vertx, new JsonObject()));
  }

  private Future<JsonObject> call(String action, Principal who, String id, JsonObject body) {
    return f.call(Addresses.BOOKINGS, action, who, new JsonObject().put("id", id), body);
  }

  private String book(Principal who, JsonObject body) {
    return ((JsonObject) await(f.call(Addresses.BOOKINGS, "createBooking", who, new JsonObject(), body)))
        .getString("id");
  }

  private static long count(List<Future<JsonObject>> all, int status) {
    return all.stream().filter(a -> status == 0 ? a.succeeded()
        : a.failed() && ((ProblemException) a.cause()).status() == status).count();
  }

  private int statusOfNewBooking(String studentId, Instant start) {
    Future<JsonObject> f2 = f.call(Addresses.BOOKINGS, "createBooking", as(studentId, Role.STUDENT),
        new JsonObject(), bookingBody("exp-001", start));
    await(f2.otherwiseEmpty());
    return f2.succeeded() ? 201 : ((ProblemException) f2.cause()).status();
  }

  @Test
  @DisplayName("Eight concurrent reschedules of one booking: one move, the rest 409 (or already there), and the new time stays taken")
  void eightReschedules() {
    String id = book(student, bookingBody("exp-001", slot));
    List<Future<JsonObject>> moves = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      moves.add(call("rescheduleBooking", student, id, new JsonObject().put("start", later.toString())));
    }
    await(Future.join(moves).otherwiseEmpty());
    JsonObject after = await(call("getBooking", student, id, null));
    // One move happened; a request that read the booking after it finds it already there (a no-op 200).
    assertThat(after.getInteger("sequence")).as("moves applied").isEqualTo(1);
    assertThat(count(moves, 0) + count(moves, 409)).isEqualTo(8);
    assertThat(count(moves, 0)).isGreaterThanOrEqualTo(1);
    assertThat(moves.stream().filter(Future::succeeded).map(m -> m.result().getString("start")))
        .containsOnly(later.toString());
    assertThat(statusOfNewBooking("stu-011", later)).as("the moved-to time").isEqualTo(409);
    assertThat(statusOfNewBooking("stu-012", slot)).as("the old time is free").isEqualTo(201);
    HoldAudit.assertConsistent(f.mongo);
  }

  @Test
  @DisplayName("Cancel racing a reschedule: changes apply one at a time, and the times are held or free exactly as the last left them")
  void cancelVersusReschedule() {
    for (int round = 0; round < 4; round++) {
      Instant from = slot.plus(round * 6L, ChronoUnit.HOURS);
      Instant to = from.plus(2, ChronoUnit.HOURS);
      String id = book(student, bookingBody("exp-001", from));
      Future<JsonObject> cancel = call("cancelBooking", student, id, new JsonObject());
      Future<JsonObject> move = call("rescheduleBooking", student, id, new JsonObject().put("start", to.toString()));
      await(Future.join(cancel, move).otherwiseEmpty());
      JsonObject now = await(call("getBooking", student, id, null));
      // Both may succeed only one after the other (the move first, then the cancel of the moved booking).
      assertThat(cancel.succeeded() || move.succeeded()).isTrue();
      assertThat(List.of(cancel, move)).allMatch(x -> x.succeeded() || ((ProblemException) x.cause()).status() == 409);
      assertThat(now.getInteger("sequence")).isEqualTo(move.succeeded() ? 1 : 0);
      assertThat(now.getString("status")).isEqualTo(cancel.succeeded() ? "cancelled" : "confirmed");
      assertThat(statusOfNewBooking("stu-03" + round, to)).isEqualTo(cancel.succeeded() ? 201 : 409);
      if (!cancel.succeeded()) {
        // the student holds the new time; cancel it so that the cap of two is not in the way of the next round
        await(call("cancelBooking", student, id, new JsonObject()));
      }
      assertThat(statusOfNewBooking("stu-04" + round, from)).isEqualTo(201);
      HoldAudit.assertConsistent(f.mongo);
    }
  }

  @Test
  @DisplayName("A parent and a child moving one booking at once: one move at a time, and only the last one's time is held")
  void parentAndChild() {
    Principal parent = as("par-001", Role.PARENT);
    Principal child = as("stu-001", Role.STUDENT);
    String id = book(parent, bookingBody("exp-001", slot).put("forChildId", "stu-001"));
    Instant parentTime = slot.plus(2, ChronoUnit.HOURS);
    Future<JsonObject> byParent = call("rescheduleBooking", parent, id,
        new JsonObject().put("start", parentTime.toString()));
    Future<JsonObject> byChild = call("rescheduleBooking", child, id, new JsonObject().put("start", later.toString()));
    await(Future.join(byParent, byChild).otherwiseEmpty());
    JsonObject now = await(call("getBooking", child, id, null));
    Instant kept = Instant.parse(now.getString("start"));
    Instant lost = kept.equals(parentTime) ? later : parentTime;
    assertThat(kept).isIn(parentTime, later);
    assertThat(now.getInteger("sequence")).as("moves applied")
        .isEqualTo((byParent.succeeded() ? 1 : 0) + (byChild.succeeded() ? 1 : 0));
    assertThat(statusOfNewBooking("stu-020", kept)).isEqualTo(409);
    assertThat(statusOfNewBooking("stu-021", lost)).isEqualTo(201);
    assertThat(statusOfNewBooking("stu-022", slot)).isEqualTo(201);
    HoldAudit.assertConsistent(f.mongo);
  }

  @Test
  @DisplayName("Two accepts of one waitlist offer: one booking, one 409, and the student's time held once")
  void twoAcceptsOfOneOffer() {
    String date = slot.atZone(ZoneId.of("Asia/Shanghai")).toLocalDate().toString();
    String holderBooking = book(as("stu-050", Role.STUDENT), bookingBody("exp-001", slot));
    await(f.call(Addresses.BOOKINGS, "joinWaitlist", student, new JsonObject().put("id", "exp-001"),
        new JsonObject().put("date", date)));
    await(call("cancelBooking", as("stu-050", Role.STUDENT), holderBooking, new JsonObject()));
    JsonArray list = ((JsonObject) await(f.call(Addresses.BOOKINGS, "listWaitlist", student, new JsonObject(), null)))
        .getJsonArray("items");
    String entry = list.getJsonObject(0).getString("id");
    JsonObject choice = new JsonObject().put("mode", "chat").put("topic", "emotions");
    List<Future<JsonObject>> accepts = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      accepts.add(call("acceptWaitlistOffer", student, entry, choice));
    }
    await(Future.join(accepts).otherwiseEmpty());
    assertThat(count(accepts, 0)).isEqualTo(1);
    assertThat(count(accepts, 409)).isEqualTo(1);
    assertThat(statusOfNewBooking("stu-051", slot)).isEqualTo(409);
    HoldAudit.assertConsistent(f.mongo);
  }

  @Test
  @DisplayName("Accepting an offer for a child under 14 follows the guardian rule and the caps of a direct booking")
  void acceptFollowsBookingRules() {
    Principal parent = as("par-001", Role.PARENT);
    String date = slot.atZone(ZoneId.of("Asia/Shanghai")).toLocalDate().toString();
    String holderBooking = book(as("stu-050", Role.STUDENT), bookingBody("exp-001", slot));
    await(f.call(Addresses.BOOKINGS, "joinWaitlist", parent, new JsonObject().put("id", "exp-001"),
        new JsonObject().put("date", date).put("forChildId", "stu-001")));
    await(call("cancelBooking", as("stu-050", Role.STUDENT), holderBooking, new JsonObject()));
    String entry = ((JsonObject) await(f.call(Addresses.BOOKINGS, "listWaitlist", parent, new JsonObject(), null)))
        .getJsonArray("items").getJsonObject(0).getString("id");
    ProblemException badMode = problem(call("acceptWaitlistOffer", parent, entry,
        new JsonObject().put("mode", "phone").put("topic", "emotions")));
    JsonObject booking = await(call("acceptWaitlistOffer", parent, entry,
        new JsonObject().put("mode", "chat").put("topic", "emotions")));
    assertThat(badMode.status()).isEqualTo(422);
    assertThat(booking.getBoolean("guardianConsentRequired")).isTrue();
    assertThat(booking.getString("mode")).isEqualTo("chat");
    HoldAudit.assertConsistent(f.mongo);
  }

  @Test
  @DisplayName("Reminders brought in line after a cancel (a late retry of the booking's outbox) are never recreated")
  void noRemindersForCancelled() {
    Instant dayAhead = slot.plus(2, ChronoUnit.DAYS);
    String id = book(student, bookingBody("exp-001", dayAhead));
    ReminderJobs jobs = BookingParts.create(f.vertx, f.config).deps().jobs();
    Future<Void> late = jobs.sync(id);
    Future<JsonObject> cancel = call("cancelBooking", student, id, new JsonObject());
    await(Future.join(late, cancel).otherwiseEmpty());
    await(jobs.sync(id));
    assertThat(await(f.mongo.count(cn.wenxin.consult.ConsultCollections.REMINDER_JOBS,
        new JsonObject().put("bookingId", id)))).isZero();
  }
}
