package cn.wenxin.consult.account;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Pages show a chosen name or the given name, never the full name")
class DisplayNamesTest {

  @Test
  @DisplayName("刘子墨 is shown as 子墨, 欧阳娜娜 as 娜娜, Anna Li as Anna; a two-character name stays whole")
  void givenNames() {
    assertThat(DisplayNames.givenName("刘子墨")).isEqualTo("子墨");
    assertThat(DisplayNames.givenName("欧阳娜娜")).isEqualTo("娜娜");
    assertThat(DisplayNames.givenName("Anna Li")).isEqualTo("Anna");
    assertThat(DisplayNames.givenName("王芳")).isEqualTo("王芳");
  }

  @Test
  @DisplayName("a name the person chose wins over the given name")
  void chosen() {
    JsonObject account = new JsonObject().put("displayName", "刘子墨");
    assertThat(DisplayNames.shown(account)).isEqualTo("子墨");
    assertThat(DisplayNames.shown(account.put("preferredName", "小墨"))).isEqualTo("小墨");
  }
}
