package cn.wenxin.consult.booking;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.consult.testing.ConsultFixture;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.security.Role;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static cn.wenxin.consult.testing.ConsultFixture.as;
import static cn.wenxin.consult.testing.ConsultFixture.await;
import static cn.wenxin.consult.testing.ConsultFixture.bookingBody;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class BookingWayInTest {

  private ConsultFixture f;

  @BeforeEach
  void setUp(Vertx vertx) {
    f = await(ConsultFixture.start(vertx, new JsonObject().put("WENXIN_PUBLIC_URL", "https://wenxin.school.cn")));
  }

  private JsonObject book(String student, int hours, String anonymity) {
    JsonObject body = bookingBody("exp-001", ConsultFixture.hoursAhead(hours));
    if (anonymity != null) {
      body.put("anonymity", anonymity);
    }
    return await(f.call(Addresses.BOOKINGS, "createBooking", as(student, Role.STUDENT), new JsonObject(), body));
  }

  @Test
  @DisplayName("the booking, its calendar file and the expert's notice carry the way into the session")
  void wayIn() {
    JsonObject b = book("stu-040", 5, null);
    String id = b.getString("id");
    assertThat(b.getString("joinPath")).isEqualTo("/session/" + id);
    Object ics = await(f.call(Addresses.BOOKINGS, "bookingCalendar", as("stu-040", Role.STUDENT),
        new JsonObject().put("id", id), null));
    assertThat(ics.toString().replace("\r\n ", "")).contains("URL:https://wenxin.school.cn/session/" + id)
        .contains("LOCATION:https://wenxin.school.cn/session/" + id);
    List<JsonObject> notices = await(f.mongo.find(ConsultCollections.NOTIFICATIONS,
        new JsonObject().put("userId", "exp-001")));
    assertThat(notices).anySatisfy(n -> assertThat(n.getJsonObject("data").getString("joinPath"))
        .isEqualTo("/session/" + id));
  }

  @Test
  @DisplayName("the expert sees a pseudonym by default and the name only when the student chose it; never the id")
  void expertSeesTheChosenLabel() {
    JsonObject hidden = book("stu-041", 5, null);
    JsonObject named = book("stu-042", 7, "name");
    JsonObject e1 = await(f.call(Addresses.BOOKINGS, "getBooking", as("exp-001", Role.EXPERT),
        new JsonObject().put("id", hidden.getString("id")), null));
    JsonObject e2 = await(f.call(Addresses.BOOKINGS, "getBooking", as("exp-001", Role.EXPERT),
        new JsonObject().put("id", named.getString("id")), null));
    assertThat(hidden.getString("anonymity")).isEqualTo("pseudonym");
    assertThat(e1.getString("studentName")).isEqualTo(hidden.getString("studentLabel")).isNotEqualTo("学生41");
    assertThat(e1.encode()).doesNotContain("stu-041").doesNotContain("学生41");
    assertThat(e2.getString("studentName")).isEqualTo("学生42");
    assertThat(e2.encode()).doesNotContain("stu-042");
    List<JsonObject> notices = await(f.mongo.find(ConsultCollections.NOTIFICATIONS,
        new JsonObject().put("userId", "exp-001")));
    assertThat(notices).isNotEmpty().allSatisfy(n -> assertThat(n.encode()).doesNotContain("学生41"));
  }
}
