package cn.wenxin.consult.booking;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.consult.testing.ConsultFixture;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.security.Role;
import io.vertx.core.DeploymentOptions;
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

import static cn.wenxin.consult.testing.ConsultFixture.as;
import static cn.wenxin.consult.testing.ConsultFixture.await;
import static cn.wenxin.consult.testing.ConsultFixture.bookingBody;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class WaitlistTest {

  private ConsultFixture f;
  private final Instant slot = ConsultFixture.hoursAhead(5);
  private final String date = slot.atZone(ZoneId.of("Asia/Shanghai")).toLocalDate().toString();
  private final Principal holder = as("stu-010", Role.STUDENT);
  private final Principal first = as("stu-011", Role.STUDENT);
  private final Principal second = as("stu-012", Role.STUDENT);

  static final JsonObject CHOICE = new JsonObject().put("mode", "video").put("topic", "emotions");

  @BeforeEach
  void setUp(Vertx vertx) {
    f = await(ConsultFixture.start(vertx, new JsonObject().put("WENXIN_REMINDER_POLL_SECONDS", "1")));
  }

  private JsonObject join(Principal who) {
    return await(f.call(Addresses.BOOKINGS, "joinWaitlist", who, new JsonObject().put("id", "exp-001"),
        new JsonObject().put("date", date)));
  }

  private JsonObject entry(Principal who) {
    JsonArray list = ((JsonObject) await(f.call(Addresses.BOOKINGS, "listWaitlist", who, new JsonObject(), null)))
        .getJsonArray("items");
    return list.getJsonObject(0);
  }

  private void cancelHolder() {
    JsonObject b = await(f.call(Addresses.BOOKINGS, "createBooking", holder, new JsonObject(),
        bookingBody("exp-001", slot)));
    join(first);
    join(second);
    await(f.call(Addresses.BOOKINGS, "cancelBooking", holder, new JsonObject().put("id", b.getString("id")), null));
  }

  @Test
  @DisplayName("A freed slot is offered to the first in line, who accepts it and gets a confirmed booking")
  void firstInLineAccepts() {
    cancelHolder();
    JsonObject offered = entry(first);
    JsonObject booking = await(f.call(Addresses.BOOKINGS, "acceptWaitlistOffer", first,
        new JsonObject().put("id", offered.getString("id")), CHOICE));
    assertThat(offered.getString("status")).isEqualTo("offered");
    assertThat(entry(second).getString("status")).isEqualTo("waiting");
    assertThat(booking.getString("status")).isEqualTo("confirmed");
    assertThat(booking.getString("start")).isEqualTo(slot.toString());
    assertThat(booking.getString("mode")).isEqualTo("video");
    assertThat(booking.getString("topic")).isEqualTo("emotions");
  }

  @Test
  @DisplayName("An offer not taken within its hold passes to the next in line")
  void lapsedOfferPassesOn() throws Exception {
    cancelHolder();
    String offerId = entry(first).getString("offerBookingId");
    await(f.mongo.updateCollection(ConsultCollections.BOOKINGS, new JsonObject().put("_id", offerId),
        new JsonObject().put("$set", new JsonObject().put("offerExpiresAt", "2000-01-01T00:00:00Z"))));
    await(f.vertx.deployVerticle(new ReminderVerticle(), new DeploymentOptions().setConfig(f.config)));
    for (int i = 0; i < 50 && !"offered".equals(entry(second).getString("status")); i++) {
      Thread.sleep(200);
    }
    assertThat(entry(second).getString("status")).isEqualTo("offered");
    JsonArray firstsList = ((JsonObject) await(f.call(Addresses.BOOKINGS, "listWaitlist", first, new JsonObject(),
        null))).getJsonArray("items");
    assertThat(firstsList.isEmpty()).isTrue();
  }
}
