package cn.wenxin.consult.booking;

import cn.wenxin.consult.testing.ConsultFixture;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.mongo.EmbeddedMongoVerticle;
import cn.wenxin.infra.security.Role;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import static cn.wenxin.consult.testing.ConsultFixture.as;
import static cn.wenxin.consult.testing.ConsultFixture.await;
import static cn.wenxin.consult.testing.ConsultFixture.bookingBody;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class BookingCostTest {

  private long written(Runnable action) {
    long before = EmbeddedMongoVerticle.documentsWritten();
    action.run();
    return EmbeddedMongoVerticle.documentsWritten() - before;
  }

  @Test
  @DisplayName("A booking writes a small number of documents, the same for a 50-minute and a 170-minute session")
  void constantCost(Vertx vertx) {
    ConsultFixture f = await(ConsultFixture.start(vertx, new JsonObject()));
    ZoneId zone = ZoneId.of("Asia/Shanghai");
    Instant midnight = LocalDate.now(zone).plusDays(2).atStartOfDay(zone).toInstant();   // on every grid
    long fifty = written(() -> await(f.call(Addresses.BOOKINGS, "createBooking", as("stu-010", Role.STUDENT),
        new JsonObject().put("Idempotency-Key", "cost-1"), bookingBody("exp-001", midnight))));
    await(f.mongo.updateCollection(cn.wenxin.consult.ConsultCollections.AVAILABILITY,
        new JsonObject().put("_id", "exp-003"), new JsonObject().put("$set", new JsonObject().put("slotMinutes", 170))));
    long longer = written(() -> await(f.call(Addresses.BOOKINGS, "createBooking", as("stu-011", Role.STUDENT),
        new JsonObject().put("Idempotency-Key", "cost-2"), bookingBody("exp-003", midnight))));
    LoggerFactory.getLogger(BookingCostTest.class).info("Documents written per booking: {} (50 min), {} (170 min)",
        fifty, longer);
    assertThat(longer).isEqualTo(fifty);
    assertThat(fifty).isLessThanOrEqualTo(25);
  }
}
