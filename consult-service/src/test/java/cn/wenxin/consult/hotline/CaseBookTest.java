package cn.wenxin.consult.hotline;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CaseBookTest {

  static JsonObject a(String desire, boolean capability, boolean intent, boolean plan, boolean imminent,
                      boolean protective) {
    return new JsonObject().put("desire", desire).put("capability", capability).put("intent", intent)
        .put("plan", plan).put("imminent", imminent).put("protective", protective);
  }

  @Test
  @DisplayName("The level follows the screener's answers; protective factors lower a moderate level, never a high one")
  void levels() {
    assertThat(CaseBook.level(a("none", false, false, false, false, false))).isZero();
    assertThat(CaseBook.level(a("passive", false, false, false, false, false))).isEqualTo(1);
    assertThat(CaseBook.level(a("active", false, false, false, false, false))).isEqualTo(2);
    assertThat(CaseBook.level(a("active", true, false, false, false, false))).isEqualTo(3);
    assertThat(CaseBook.level(a("active", true, false, false, false, true))).isEqualTo(2);
    assertThat(CaseBook.level(a("active", true, true, true, false, false))).isEqualTo(4);
    assertThat(CaseBook.level(a("active", true, true, true, false, true))).isEqualTo(4);
    assertThat(CaseBook.level(a("passive", false, false, false, true, true))).isEqualTo(5);
  }

  @Test
  @DisplayName("Status moves forward only (follow-up may go back to intervening); a closed case stays closed")
  void statuses() {
    assertThat(CaseBook.canMove("open", "assessing")).isTrue();
    assertThat(CaseBook.canMove("open", "referred")).isTrue();
    assertThat(CaseBook.canMove("referred", "assessing")).isFalse();
    assertThat(CaseBook.canMove("follow_up", "intervening")).isTrue();
    assertThat(CaseBook.canMove("closed", "follow_up")).isFalse();
    assertThat(CaseBook.canMove("open", "bogus")).isFalse();
  }
}
