package cn.wenxin.consult.booking;

import cn.wenxin.consult.testing.ConsultFixture;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.security.Role;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static cn.wenxin.consult.testing.ConsultFixture.as;
import static cn.wenxin.consult.testing.ConsultFixture.await;
import static cn.wenxin.consult.testing.ConsultFixture.bookingBody;
import static cn.wenxin.consult.testing.ConsultFixture.problem;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class CalendarFeedTest {

  private static String token(JsonObject created) {
    String url = created.getString("url");
    return url.substring(url.indexOf("/calendar-feeds/") + 16, url.lastIndexOf("/expert.ics"));
  }

  @Test
  @DisplayName("An expert's secret feed lists their bookings; a new address ends the old one; looking does not")
  void feedLifecycle(Vertx vertx) {
    ConsultFixture f = await(ConsultFixture.start(vertx, new JsonObject()));
    var expert = as("exp-001", Role.EXPERT);
    await(f.call(Addresses.BOOKINGS, "createBooking", as("stu-011", Role.STUDENT), new JsonObject(),
        bookingBody("exp-001", ConsultFixture.hoursAhead(6))));
    JsonObject before = await(f.call(Addresses.BOOKINGS, "myCalendarFeed", expert, new JsonObject(), null));
    assertThat(before.getBoolean("exists")).isFalse();

    JsonObject first = await(f.call(Addresses.BOOKINGS, "newCalendarFeed", expert, new JsonObject(), null));
    String feed = await(f.call(Addresses.BOOKINGS, "expertCalendarFeed", null,
        new JsonObject().put("token", token(first)), null));
    assertThat(feed).startsWith("BEGIN:VCALENDAR").contains("BEGIN:VEVENT");
    JsonObject status = await(f.call(Addresses.BOOKINGS, "myCalendarFeed", expert, new JsonObject(), null));
    assertThat(status.getBoolean("exists")).isTrue();
    assertThat(status.containsKey("url")).as("the secret is shown only once").isFalse();
    await(f.call(Addresses.BOOKINGS, "expertCalendarFeed", null, new JsonObject().put("token", token(first)), null));

    await(f.call(Addresses.BOOKINGS, "newCalendarFeed", expert, new JsonObject(), null));
    assertThat(problem(f.call(Addresses.BOOKINGS, "expertCalendarFeed", null,
        new JsonObject().put("token", token(first)), null)).status()).isEqualTo(404);
  }
}
