package cn.wenxin.consult.booking;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.consult.testing.ConsultFixture;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.security.Role;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static cn.wenxin.consult.testing.ConsultFixture.as;
import static cn.wenxin.consult.testing.ConsultFixture.await;
import static cn.wenxin.consult.testing.ConsultFixture.bookingBody;
import static cn.wenxin.consult.testing.ConsultFixture.problem;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Between family members: from 14 a student's booking is theirs")
class FamilyPrivacyTest {

  static final String NOTE = "我想谈谈和父母的矛盾";
  private ConsultFixture f;
  private final Principal parent = as("par-001", Role.PARENT);

  @BeforeEach
  void setUp(Vertx vertx) {
    f = await(ConsultFixture.start(vertx, new JsonObject()));
  }

  private String bookAs(String studentId, int hoursAhead) {
    JsonObject b = await(f.call(Addresses.BOOKINGS, "createBooking", as(studentId, Role.STUDENT), new JsonObject(),
        bookingBody("exp-001", ConsultFixture.hoursAhead(hoursAhead)).put("note", NOTE)));
    return b.getString("id");
  }

  private JsonObject parentList() {
    return await(f.call(Addresses.BOOKINGS, "listBookings", parent, new JsonObject(), null));
  }

  private void share(String studentId, boolean on) {
    await(f.mongo.updateCollection(ConsultCollections.ACCOUNTS, new JsonObject().put("_id", studentId),
        new JsonObject().put("$set", new JsonObject().put("student." + FamilyPrivacy.SHARES, on))));
  }

  @Test
  @DisplayName("a parent neither sees nor cancels a sixteen-year-old's own booking, nor reads its note")
  void teenBookingIsPrivate() {
    String id = bookAs("stu-002", 5);
    assertThat(parentList().encode()).doesNotContain(id).doesNotContain(NOTE);
    assertThat(problem(f.call(Addresses.BOOKINGS, "getBooking", parent, new JsonObject().put("id", id), null))
        .status()).isEqualTo(404);
    assertThat(problem(f.call(Addresses.BOOKINGS, "cancelBooking", parent, new JsonObject().put("id", id), null))
        .status()).isEqualTo(404);
  }

  @Test
  @DisplayName("when the teen shares, the parent sees that and when, never the note, and still cannot cancel")
  void teenShares() {
    String id = bookAs("stu-002", 6);
    share("stu-002", true);
    JsonObject seen = await(f.call(Addresses.BOOKINGS, "getBooking", parent, new JsonObject().put("id", id), null));
    assertThat(seen.getString("start")).isNotBlank();
    assertThat(seen.containsKey("note")).isFalse();
    assertThat(seen.containsKey("topic")).isFalse();
    assertThat(seen.getBoolean("mayChange")).as("the page must not offer what the server refuses").isFalse();
    assertThat(parentList().getJsonArray("items").encode()).contains(id).doesNotContain(NOTE);
    assertThat(parentList().getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(b -> id.equals(b.getString("id"))).findFirst().orElseThrow().getBoolean("mayChange")).isFalse();
    assertThat(problem(f.call(Addresses.BOOKINGS, "cancelBooking", parent, new JsonObject().put("id", id), null))
        .status()).isEqualTo(403);
  }

  @Test
  @DisplayName("a guardian of a child under 14 sees that and when, not the note, and may cancel")
  void childUnderFourteen() {
    String id = bookAs("stu-001", 7);
    JsonObject seen = await(f.call(Addresses.BOOKINGS, "getBooking", parent, new JsonObject().put("id", id), null));
    assertThat(seen.getString("start")).isNotBlank();
    assertThat(seen.encode()).doesNotContain(NOTE);
    assertThat(seen.getBoolean("mayChange")).isTrue();
    assertThat(parentList().getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(b -> id.equals(b.getString("id"))).findFirst().orElseThrow().getBoolean("mayChange")).isTrue();
    JsonObject cancelled = await(f.call(Addresses.BOOKINGS, "cancelBooking", parent, new JsonObject().put("id", id),
        null));
    assertThat(cancelled.getString("status")).isEqualTo("cancelled");
    assertThat(cancelled.encode()).doesNotContain(NOTE);
  }

  @Test
  @DisplayName("the student still reads their own note")
  void studentReadsOwnNote() {
    String id = bookAs("stu-002", 8);
    JsonObject own = await(f.call(Addresses.BOOKINGS, "getBooking", as("stu-002", Role.STUDENT),
        new JsonObject().put("id", id), null));
    assertThat(own.getString("note")).isEqualTo(NOTE);
    assertThat(own.getBoolean("mayChange")).isTrue();
  }
}
