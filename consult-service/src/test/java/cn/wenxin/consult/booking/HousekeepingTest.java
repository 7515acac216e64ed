package cn.wenxin.consult.booking;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.consult.testing.ConsultFixture;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.security.Role;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static cn.wenxin.consult.testing.ConsultFixture.as;
import static cn.wenxin.consult.testing.ConsultFixture.await;
import static cn.wenxin.consult.testing.ConsultFixture.bookingBody;
import static cn.wenxin.consult.testing.ConsultFixture.problem;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class HousekeepingTest {

  @Test
  @DisplayName("Housekeeping removes hold documents of long-past days and old idempotency records, and keeps what still guards a booking")
  void sweep(Vertx vertx) {
    ConsultFixture f = await(ConsultFixture.start(vertx, new JsonObject()));
    Instant start = ConsultFixture.hoursAhead(7);
    await(f.call(Addresses.BOOKINGS, "createBooking", as("stu-030", Role.STUDENT), new JsonObject(),
        bookingBody("exp-003", start)));
    TimeHolds holds = new TimeHolds(f.mongo);
    Instant longAgo = Instant.parse("2026-01-05T10:00:00Z");
    await(holds.takeTime("E", "exp-003", longAgo, longAgo.plus(Duration.ofMinutes(50)),
        new TimeHolds.Attempt("old", "old-booking", -1, longAgo)));
    long before = await(f.mongo.count(ConsultCollections.TIME_HOLDS, new JsonObject()));

    await(f.mongo.insert(ConsultCollections.IDEMPOTENCY, new JsonObject().put("_id", "stu-030|old-key")
        .put("state", "done").put("createdAt", "2026-01-05T10:00:00Z")));

    long swept = await(new Housekeeping(f.mongo, holds).sweep(Instant.now()));

    assertThat(swept).as("one old day document and one old idempotency record").isEqualTo(2);
    assertThat(await(f.mongo.count(ConsultCollections.TIME_HOLDS, new JsonObject()))).isEqualTo(before - 1);
    assertThat(await(f.mongo.count(ConsultCollections.IDEMPOTENCY, new JsonObject().put("_id", "stu-030|old-key"))))
        .isZero();
    assertThat(problem(f.call(Addresses.BOOKINGS, "createBooking", as("stu-031", Role.STUDENT), new JsonObject(),
        bookingBody("exp-003", start))).status()).as("the future booking is still guarded").isEqualTo(409);
    assertThat(await(f.mongo.find(ConsultCollections.TIME_HOLDS,
        new JsonObject().put("_id", TimeHolds.expertDay("exp-003", java.time.LocalDate.parse("2026-01-05"))))))
        .isEqualTo(List.of());
  }
}
