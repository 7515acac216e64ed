package cn.wenxin.consult.booking;

import cn.wenxin.consult.testing.ConsultFixture;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.security.Role;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;

import static cn.wenxin.consult.testing.ConsultFixture.as;
import static cn.wenxin.consult.testing.ConsultFixture.await;
import static cn.wenxin.consult.testing.ConsultFixture.bookingBody;
import static cn.wenxin.consult.testing.ConsultFixture.problem;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class ParentBookingTest {

  private ConsultFixture f;
  private final Instant slot = ConsultFixture.hoursAhead(5);
  private final Principal parent = as("par-001", Role.PARENT);

  @BeforeEach
  void setUp(Vertx vertx) {
    f = await(ConsultFixture.start(vertx, new JsonObject()));
  }

  private JsonObject bookFor(String childId) {
    return await(f.call(Addresses.BOOKINGS, "createBooking", parent, new JsonObject(),
        bookingBody("exp-001", slot).put("forChildId", childId)));
  }

  @Test
  @DisplayName("A parent's booking for a child under 14 is flagged until consent, the child sees it, the parent is told")
  void childUnderFourteen() {
    JsonObject b = bookFor("stu-001");
    JsonObject childList = await(f.call(Addresses.BOOKINGS, "listBookings", as("stu-001", Role.STUDENT),
        new JsonObject(), null));
    JsonObject inbox = await(f.call(Addresses.NOTIFICATIONS, "listNotifications", parent, new JsonObject(), null));
    assertThat(b.getBoolean("guardianConsentRequired")).isTrue();
    assertThat(childList.getJsonArray("items").getJsonObject(0).getString("id")).isEqualTo(b.getString("id"));
    assertThat(inbox.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("type")))
        .contains("guardian_consent_needed");
  }

  @Test
  @DisplayName("Granting guardian consent to the current policy clears the flag on the child's bookings")
  void consentClearsFlag() {
    JsonObject b = bookFor("stu-001");
    await(f.call(Addresses.CONSENTS, "grantConsent", parent, new JsonObject(), new JsonObject()
        .put("subjectId", "stu-001").put("kind", "guardian").put("policyVersion", "2026-11")));
    JsonObject after = await(f.call(Addresses.BOOKINGS, "getBooking", parent, new JsonObject().put("id",
        b.getString("id")), null));
    assertThat(after.getBoolean("guardianConsentRequired")).isFalse();
  }

  @Test
  @DisplayName("A sixteen-year-old's booking needs no guardian consent")
  void olderChild() {
    assertThat(bookFor("stu-002").getBoolean("guardianConsentRequired")).isFalse();
  }

  @Test
  @DisplayName("A parent cannot book for a child who is not linked to them")
  void unlinkedChild() {
    ProblemException p = problem(f.call(Addresses.BOOKINGS, "createBooking", parent, new JsonObject(),
        bookingBody("exp-001", slot).put("forChildId", "stu-030")));
    assertThat(p.status()).isEqualTo(403);
  }
}
