package cn.wenxin.consult.admin;

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
class AdminVerticleTest {

  @Test
  @DisplayName("The overview gives counts only, and only to an admin")
  void overview(Vertx vertx) {
    ConsultFixture f = await(ConsultFixture.start(vertx, new JsonObject()));
    await(f.call(Addresses.BOOKINGS, "createBooking", as("stu-010", Role.STUDENT), new JsonObject(),
        bookingBody("exp-001", ConsultFixture.hoursAhead(5))));
    JsonObject o = await(f.call(Addresses.ADMIN, "adminOverview", as("adm-01", Role.ADMIN), new JsonObject(), null));
    assertThat(o.getLong("experts")).isEqualTo(3);
    assertThat(o.getLong("students")).isEqualTo(60);
    assertThat(o.getLong("parents")).isEqualTo(1);
    assertThat(o.getLong("bookingsUpcoming")).isEqualTo(1);
    assertThat(o.fieldNames()).doesNotContain("items", "bookings");
    assertThat(problem(f.call(Addresses.ADMIN, "adminOverview", as("exp-001", Role.EXPERT), new JsonObject(), null))
        .status()).isEqualTo(403);
  }
}
