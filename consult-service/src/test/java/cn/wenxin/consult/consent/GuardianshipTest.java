package cn.wenxin.consult.consent;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class GuardianshipTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 11, 29);

  private static JsonObject born(String date) {
    JsonObject s = new JsonObject();
    if (date != null) {
      s.put("birthDate", date);
    }
    return new JsonObject().put("student", s);
  }

  @Test
  @DisplayName("a child needs guardian consent until the day they turn 14, and so does one whose age is unknown")
  void consentAge() {
    assertThat(Guardianship.underConsentAge(born("2012-11-30"), TODAY)).isTrue();
    assertThat(Guardianship.underConsentAge(born("2012-11-29"), TODAY)).isFalse();
    assertThat(Guardianship.underConsentAge(born(null), TODAY)).isTrue();
    assertThat(Guardianship.underConsentAge(null, TODAY)).isTrue();
  }
}
