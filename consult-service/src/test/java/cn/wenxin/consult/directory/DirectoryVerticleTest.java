package cn.wenxin.consult.directory;

import cn.wenxin.consult.testing.ConsultFixture;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceRequest;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.security.Role;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
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
class DirectoryVerticleTest {

  private ConsultFixture f;

  @BeforeEach
  void setUp(Vertx vertx) {
    f = await(ConsultFixture.start(vertx, new JsonObject()));
  }

  @Test
  @DisplayName("Search filters by topic and grade band and pages the result with a total")
  void search() {
    JsonObject page = await(f.call(Addresses.DIRECTORY, "searchExperts", as("stu-010", Role.STUDENT),
        new JsonObject().put("topic", "emotions").put("gradeBand", "senior").put("size", "2"), null));
    JsonObject none = await(f.call(Addresses.DIRECTORY, "searchExperts", as("stu-010", Role.STUDENT),
        new JsonObject().put("topic", "sleep"), null));
    assertThat(page.getInteger("total")).isEqualTo(3);
    assertThat(page.getJsonArray("items")).hasSize(2);
    assertThat(page.getJsonArray("items").getJsonObject(0).getString("nextFree")).isNotNull();
    assertThat(none.getInteger("total")).isZero();
  }

  @Test
  @DisplayName("A booked slot shows as unavailable in the expert's slots")
  void bookedSlotUnavailable() {
    Instant slot = ConsultFixture.hoursAhead(5);
    await(f.call(Addresses.BOOKINGS, "createBooking", as("stu-010", Role.STUDENT), new JsonObject(),
        bookingBody("exp-001", slot)));
    JsonObject page = await(f.call(Addresses.DIRECTORY, "expertSlots", as("stu-011", Role.STUDENT),
        new JsonObject().put("id", "exp-001").put("from", slot.toString())
            .put("to", slot.plus(2, ChronoUnit.HOURS).toString()), null));
    JsonArray slots = page.getJsonArray("items");
    assertThat(slots.getJsonObject(0).getString("start")).isEqualTo(slot.toString());
    assertThat(slots.getJsonObject(0).getBoolean("available")).isFalse();
    assertThat(slots.getJsonObject(1).getBoolean("available")).isTrue();
  }

  @Test
  @DisplayName("Slots follow a change of the expert's rules at once, though listings keep the directory a moment")
  void slotsFollowRulesAtOnce() {
    Instant from = ConsultFixture.hoursAhead(5);
    JsonObject window = new JsonObject().put("id", "exp-002").put("from", from.toString())
        .put("to", from.plus(4, ChronoUnit.HOURS).toString());
    JsonObject listed = await(f.call(Addresses.DIRECTORY, "expertSlots", as("stu-012", Role.STUDENT), window, null));
    JsonArray before = listed.getJsonArray("items");
    JsonObject longer = ConsultFixture.roundTheClock("UTC", "00:00").put("slotMinutes", 110);
    await(f.call(Addresses.DIRECTORY, "putMyAvailability", as("exp-002", Role.EXPERT), new JsonObject(), longer));
    JsonObject relisted = await(f.call(Addresses.DIRECTORY, "expertSlots", as("stu-012", Role.STUDENT), window,
        null));
    JsonArray after = relisted.getJsonArray("items");
    assertThat(before).isNotEmpty();
    assertThat(after).isNotEmpty().hasSizeLessThan(before.size());
    JsonObject first = after.getJsonObject(0);
    assertThat(ChronoUnit.MINUTES.between(Instant.parse(first.getString("start")),
        Instant.parse(first.getString("end")))).isEqualTo(110);
  }

  @Test
  @DisplayName("An expert saves availability and reads it back; an end before the start is a 422")
  void availabilityRoundTrip() {
    JsonObject rules = ConsultFixture.roundTheClock("Europe/Berlin", "08:00");
    await(f.call(Addresses.DIRECTORY, "putMyAvailability", as("exp-003", Role.EXPERT), new JsonObject(), rules));
    JsonObject back = await(f.call(Addresses.DIRECTORY, "getMyAvailability", as("exp-003", Role.EXPERT),
        new JsonObject(), null));
    JsonObject bad = rules.copy().put("weekly", new JsonArray().add(new JsonObject().put("day", 1)
        .put("start", "10:00").put("end", "09:00")));
    ProblemException p = problem(f.call(Addresses.DIRECTORY, "putMyAvailability", as("exp-003", Role.EXPERT),
        new JsonObject(), bad));
    assertThat(back.getString("timeZone")).isEqualTo("Europe/Berlin");
    assertThat(back.getJsonArray("weekly")).isEqualTo(rules.getJsonArray("weekly"));
    assertThat(p.status()).isEqualTo(422);
  }

  @Test
  @DisplayName("The avatar is the same SVG every time, with the family name's character")
  void avatar() {
    ServiceRequest req = new ServiceRequest("expertAvatar", null, new JsonObject().put("id", "exp-001"), null,
        new JsonObject());
    var first = await(f.client.call(Addresses.DIRECTORY, "expertAvatar", req));
    var second = await(f.client.call(Addresses.DIRECTORY, "expertAvatar", req));
    assertThat(first.headers().get("content-type")).isEqualTo("image/svg+xml");
    assertThat(first.body().toString()).contains("<svg", ">王</text>").isEqualTo(second.body().toString());
  }

  @Test
  @DisplayName("An unknown expert is a 404")
  void unknownExpert() {
    assertThat(problem(f.call(Addresses.DIRECTORY, "getExpert", as("stu-010", Role.STUDENT),
        new JsonObject().put("id", "exp-999"), null)).status()).isEqualTo(404);
  }
}
