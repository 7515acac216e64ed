package cn.wenxin.consult.directory;

import cn.wenxin.consult.testing.ConsultFixture;
import cn.wenxin.infra.bus.Addresses;
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
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

import static cn.wenxin.consult.testing.ConsultFixture.as;
import static cn.wenxin.consult.testing.ConsultFixture.await;
import static cn.wenxin.consult.testing.ConsultFixture.bookingBody;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Directory search by everyday words, and its next free times")
class DirectorySearchTest {

  private ConsultFixture f;

  @BeforeEach
  void setUp(Vertx vertx) {
    f = await(ConsultFixture.start(vertx, new JsonObject()));
  }

  private JsonObject search(JsonObject params) {
    return await(f.call(Addresses.DIRECTORY, "searchExperts", as("stu-010", Role.STUDENT), params, null));
  }

  @Test
  @DisplayName("焦虑 finds the experts for emotions and says which topic it understood; 失眠 finds nobody here")
  void everydayWords() {
    JsonObject anxious = search(new JsonObject().put("q", "焦虑"));
    JsonObject sleepless = search(new JsonObject().put("q", "失眠"));
    assertThat(anxious.getInteger("total")).isEqualTo(3);
    assertThat(anxious.getJsonArray("matchedTopics")).containsExactly("emotions");
    assertThat(sleepless.getInteger("total")).isZero();
    assertThat(sleepless.getJsonArray("matchedTopics")).containsExactly("sleep");
  }

  @Test
  @DisplayName("a name finds that expert alone; a name with a worry puts that expert first")
  void namesRankFirst() {
    JsonArray byName = search(new JsonObject().put("q", "李静")).getJsonArray("items");
    JsonArray both = search(new JsonObject().put("q", "李静 考试")).getJsonArray("items");
    assertThat(byName).hasSize(1);
    assertThat(byName.getJsonObject(0).getString("id")).isEqualTo("exp-002");
    assertThat(both).hasSize(3);
    assertThat(both.getJsonObject(0).getString("id")).isEqualTo("exp-002");
  }

  @Test
  @DisplayName("an expert free only beyond two weeks shows that time, and a booking there moves it on")
  void farNextFree() {
    JsonObject rules = ConsultFixture.roundTheClock("Asia/Shanghai", "00:00");
    JsonArray off = new JsonArray();
    LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    for (int d = 0; d <= 16; d++) {
      off.add(new JsonObject().put("date", today.plusDays(d).toString()).put("kind", "off"));
    }
    await(f.call(Addresses.DIRECTORY, "putMyAvailability", as("exp-003", Role.EXPERT), new JsonObject(),
        rules.put("exceptions", off)));
    String first = nextFreeOf("exp-003");
    assertThat(Instant.parse(first)).isAfter(Instant.now().plus(16, ChronoUnit.DAYS));
    await(f.call(Addresses.BOOKINGS, "createBooking", as("stu-010", Role.STUDENT), new JsonObject(),
        bookingBody("exp-003", Instant.parse(first))));
    assertThat(Instant.parse(nextFreeOf("exp-003"))).isAfter(Instant.parse(first));
  }

  private String nextFreeOf(String id) {
    for (Object o : search(new JsonObject()).getJsonArray("items")) {
      JsonObject e = (JsonObject) o;
      if (e.getString("id").equals(id)) {
        return e.getString("nextFree");
      }
    }
    throw new AssertionError(id + " not listed");
  }
}
