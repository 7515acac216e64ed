package cn.wenxin.infra.security;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordHasherTest {

  private final PasswordHasher hasher = new PasswordHasher(1024, 1);

  @Test
  @DisplayName("a hash is Argon2id in PHC form and verifies only its own password")
  void verifies() {
    String phc = hasher.hash("温心-secret");
    assertThat(phc).startsWith("$argon2id$v=19$m=1024,t=1,p=1$");
    assertThat(hasher.verify("温心-secret", phc)).isTrue();
    assertThat(hasher.verify("温心-Secret", phc)).isFalse();
  }

  @Test
  @DisplayName("the same password hashes differently each time (salted)")
  void salted() {
    assertThat(hasher.hash("same")).isNotEqualTo(hasher.hash("same"));
  }

  @Test
  @DisplayName("a hash made with other cost parameters still verifies")
  void parametersTravelWithTheHash() {
    String strong = new PasswordHasher(19_456, 2).hash("pw");
    assertThat(hasher.verify("pw", strong)).isTrue();
  }

  @Test
  @DisplayName("a decoy has this hasher's parameters and the shape of a hash, differs each time, and verifies nothing")
  void decoy() {
    String decoy = hasher.decoy();
    String real = hasher.hash("pw");
    assertThat(decoy).startsWith("$argon2id$v=19$m=1024,t=1,p=1$").isNotEqualTo(hasher.decoy());
    assertThat(decoy.split("\\$")).hasSameSizeAs(real.split("\\$"));
    assertThat(decoy.length()).isEqualTo(real.length());
    for (String pw : new String[] {"pw", "", "温心-secret"}) {
      assertThat(hasher.verify(pw, decoy)).isFalse();
    }
  }

  @Test
  @DisplayName("a malformed stored hash never verifies")
  void malformed() {
    assertThat(hasher.verify("pw", "$2a$10$bcrypt-looking")).isFalse();
  }
}
