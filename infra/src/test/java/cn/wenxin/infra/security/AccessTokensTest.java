package cn.wenxin.infra.security;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import javax.crypto.SecretKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AccessTokensTest {

  private static final String K1 = AccessTokens.newKeySpec("k1");
  private static final String K2 = AccessTokens.newKeySpec("k2");

  private static AccessTokens tokens(String spec, Duration ttl) {
    return new AccessTokens(AccessTokens.parse(spec), "wenxin", ttl);
  }

  private static String issue(AccessTokens t) {
    return t.issue("stu-001", Role.STUDENT, false, "李明", "family-1");
  }

  @Test
  @DisplayName("a token it issued verifies and carries who and what role")
  void roundTrip() {
    AccessTokens t = tokens(K1, Duration.ofMinutes(15));
    Principal p = t.verify(issue(t)).orElseThrow();
    assertThat(p.id()).isEqualTo("stu-001");
    assertThat(p.role()).isEqualTo(Role.STUDENT);
    assertThat(p.sessionId()).isEqualTo("family-1");
    assertThat(p.tokenId()).isNotBlank();
  }

  @Test
  @DisplayName("the header names the key and says HS256")
  void header() {
    AccessTokens t = tokens(K1, Duration.ofMinutes(15));
    String header = decode(issue(t).split("\\.")[0]);
    assertThat(header).contains("\"kid\":\"k1\"").contains("\"alg\":\"HS256\"");
  }

  @Test
  @DisplayName("an expired token is refused")
  void expired() {
    AccessTokens t = tokens(K1, Duration.ofSeconds(-5));
    assertThat(t.verify(issue(t))).isEmpty();
  }

  @Test
  @DisplayName("a token whose payload was changed is refused")
  void tampered() {
    AccessTokens t = tokens(K1, Duration.ofMinutes(15));
    String[] parts = issue(t).split("\\.");
    String admin = encode(decode(parts[1]).replace("\"student\"", "\"admin\""));
    assertThat(t.verify(parts[0] + "." + admin + "." + parts[2])).isEmpty();
  }

  @Test
  @DisplayName("a token signed with another secret under the same kid is refused")
  void wrongKey() {
    AccessTokens mine = tokens(K1, Duration.ofMinutes(15));
    AccessTokens forger = tokens(AccessTokens.newKeySpec("k1"), Duration.ofMinutes(15));
    assertThat(mine.verify(issue(forger))).isEmpty();
  }

  @Test
  @DisplayName("an unsigned token (alg none) is refused")
  void algNone() {
    AccessTokens t = tokens(K1, Duration.ofMinutes(15));
    String payload = issue(t).split("\\.")[1];
    String none = encode("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"k1\"}") + "." + payload + ".";
    assertThat(t.verify(none)).isEmpty();
  }

  @Test
  @DisplayName("after rotation, tokens of the old key still verify and new ones use the new key")
  void rotation() {
    AccessTokens before = tokens(K1, Duration.ofMinutes(15));
    String old = issue(before);
    AccessTokens after = tokens(K2 + "," + K1, Duration.ofMinutes(15));
    assertThat(after.verify(old)).isPresent();
    assertThat(decode(issue(after).split("\\.")[0])).contains("\"kid\":\"k2\"");
    AccessTokens retired = tokens(K2, Duration.ofMinutes(15));
    assertThat(retired.verify(old)).isEmpty();
  }

  @Test
  @DisplayName("garbage is refused, not thrown")
  void garbage() {
    AccessTokens t = tokens(K1, Duration.ofMinutes(15));
    assertThat(t.verify("not.a.jwt")).isEmpty();
    assertThat(t.verify("")).isEmpty();
  }

  private static String decode(String b64) {
    return new String(Base64.getUrlDecoder().decode(b64), StandardCharsets.UTF_8);
  }

  private static String encode(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
