package cn.wenxin.gateway.api;

import cn.wenxin.infra.security.AccessTokens;
import cn.wenxin.infra.security.Role;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Remembered token verifications never accept what verification would refuse")
class VerifiedTokensTest {

  private final AccessTokens tokens = new AccessTokens(AccessTokens.parse(AccessTokens.newKeySpec("k1")), "wenxin",
      Duration.ofSeconds(1));
  private final VerifiedTokens verified = new VerifiedTokens(tokens);

  @Test
  @DisplayName("a token verified once verifies again; a token altered by one character does not")
  void tamperedNeverHits() {
    String token = tokens.issue("stu-001", Role.STUDENT, false, "x", "s1");
    assertThat(verified.verify(token)).isPresent();
    assertThat(verified.verify(token)).get().extracting(p -> p.id()).isEqualTo("stu-001");
    int i = token.lastIndexOf('.') - 3;
    String tampered = token.substring(0, i) + (token.charAt(i) == 'A' ? 'B' : 'A') + token.substring(i + 1);
    assertThat(verified.verify(tampered)).isEmpty();
  }

  @Test
  @DisplayName("a remembered token is refused once it expires")
  void expiredNeverHits() throws Exception {
    String token = tokens.issue("stu-001", Role.STUDENT, false, "x", "s1");
    assertThat(verified.verify(token)).isPresent();
    Thread.sleep(2_100);
    assertThat(verified.verify(token)).isEmpty();
  }

  @Test
  @DisplayName("a token signed with another key is refused")
  void foreignKey() {
    AccessTokens other = new AccessTokens(AccessTokens.parse(AccessTokens.newKeySpec("k1")), "wenxin",
        Duration.ofMinutes(1));
    assertThat(verified.verify(other.issue("stu-001", Role.ADMIN, false, "x", "s1"))).isEmpty();
  }
}
