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
  @DisplayName("Housekeeping removes claims of long-past minutes and old idempotency records, and keeps what still guards a booking")
  void sweep(Vertx vertx) {
    ConsultFixture f = await(ConsultFixture.start(vertx, new JsonObject()));
    Instant start = ConsultFixture.hoursAhead(7);
    await(f.call(Addresses.BOOKINGS, "createBooking", as("stu-030", Role.STUDENT), new JsonObject(),
        bookingBody("exp-003", start)));
    SlotClaims claims = new SlotClaims(f.mongo);
    Instant longAgo = Instant.parse("2026-01-05T10:00:00Z");
    await(claims.claimAll(SlotClaims.expertMinutes("exp-003", longAgo, longAgo.plus(Duration.ofMinutes(50))), "old"));
    long before = await(f.mongo.count(ConsultCollections.SLOT_CLAIMS, new JsonObject()));

    await(f.mongo.insert(ConsultCollections.IDEMPOTENCY, new JsonObject().put("_id", "stu-030|old-key")
        .put("state", "done").put("createdAt", "2026-01-05T10:00:00Z")));

    long swept = await(new Housekeeping(f.mongo, claims).sweep(Instant.now()));

    assertThat(swept).as("50 old minute claims and one old idempotency record").isEqualTo(51);
    assertThat(await(f.mongo.count(ConsultCollections.SLOT_CLAIMS, new JsonObject()))).isEqualTo(before - 50);
    assertThat(await(f.mongo.count(ConsultCollections.IDEMPOTENCY, new JsonObject().put("_id", "stu-030|old-key"))))
        .isZero();
    assertThat(problem(f.call(Addresses.BOOKINGS, "createBooking", as("stu-031", Role.STUDENT), new JsonObject(),
        bookingBody("exp-003", start))).status()).as("the future booking is still guarded").isEqualTo(409);
    assertThat(await(f.mongo.find(ConsultCollections.SLOT_CLAIMS,
        new JsonObject().put("_id", SlotClaims.expertMinutes("exp-003", longAgo, longAgo.plusSeconds(60)).get(0)))))
        .isEqualTo(List.of());
  }
}
