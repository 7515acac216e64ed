package cn.wenxin.consult.booking;

import cn.wenxin.consult.testing.ConsultFixture;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.security.Role;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import static cn.wenxin.consult.testing.ConsultFixture.as;
import static cn.wenxin.consult.testing.ConsultFixture.await;
import static cn.wenxin.consult.testing.ConsultFixture.problem;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The waitlist is offered only where it can help")
class WaitlistWhereItHelpsTest {

  @Test
  @DisplayName("a day off and a day beyond the horizon refuse a waitlist, are not offered, and a working day is")
  void onlyWhereItHelps(Vertx vertx) {
    ConsultFixture f = await(ConsultFixture.start(vertx, new JsonObject()));
    ZoneId zone = ZoneId.of("Asia/Shanghai");
    LocalDate off = LocalDate.now(zone).plusDays(3);
    JsonObject rules = ConsultFixture.roundTheClock("Asia/Shanghai", "00:00")
        .put("exceptions", new JsonArray().add(new JsonObject().put("date", off.toString()).put("kind", "off")));
    await(f.call(Addresses.DIRECTORY, "putMyAvailability", as("exp-002", Role.EXPERT), new JsonObject(), rules));
    var student = as("stu-020", Role.STUDENT);

    ProblemException dayOff = problem(f.call(Addresses.BOOKINGS, "joinWaitlist", student,
        new JsonObject().put("id", "exp-002"), new JsonObject().put("date", off.toString())));
    ProblemException tooFar = problem(f.call(Addresses.BOOKINGS, "joinWaitlist", student,
        new JsonObject().put("id", "exp-002"), new JsonObject().put("date", off.plusDays(40).toString())));
    assertThat(dayOff.code()).isEqualTo("waitlist_day_closed");
    assertThat(tooFar.code()).isEqualTo("waitlist_day_closed");

    ZonedDateTime from = off.minusDays(1).atStartOfDay(zone);
    JsonObject week = await(f.call(Addresses.DIRECTORY, "expertSlots", student, new JsonObject().put("id", "exp-002")
        .put("from", from.toInstant().toString()).put("to", from.plusDays(3).toInstant().toString()), null));
    // every working day there still has free slots, so no day of the window needs a waitlist
    assertThat(week.getJsonArray("waitlistDates")).isEmpty();
    JsonObject joined = await(f.call(Addresses.BOOKINGS, "joinWaitlist", student,
        new JsonObject().put("id", "exp-002"), new JsonObject().put("date", off.plusDays(1).toString())));
    assertThat(joined.getString("status")).isEqualTo("waiting");
  }
}
