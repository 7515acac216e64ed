package cn.wenxin.infra.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WenxinConfigTest {

  @Test
  @DisplayName("the defaults are the documented ones")
  void defaults() {
    WenxinConfig c = WenxinConfig.from(new JsonObject());
    assertThat(c.http().port()).isEqualTo(8080);
    assertThat(c.http().corsOrigins()).isEmpty();
    assertThat(c.http().bodyLimitBytes()).isEqualTo(65_536);
    assertThat(c.storage().embeddedMongo()).isTrue();
    assertThat(c.storage().dataDir().toString()).isEqualTo("data");
    assertThat(c.storage().redisUrl()).isEqualTo("redis://127.0.0.1:6379");
    assertThat(c.storage().redisNamespace()).isEqualTo("wenxin");
    assertThat(c.storage().commitEachWrite()).isTrue();
    assertThat(c.booking().holdPending()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.auth().accessTokenTtl()).isEqualTo(Duration.ofMinutes(15));
    assertThat(c.auth().refreshTokenTtl()).isEqualTo(Duration.ofDays(14));
    assertThat(c.auth().argon2MemoryKib()).isEqualTo(19_456);
    assertThat(c.auth().loginFailuresBeforeLock()).isEqualTo(5);
    assertThat(c.demo().enabled()).isTrue();
    assertThat(c.service().hotlines()).containsExactly("96525", "92355");
    assertThat(c.service().defaultZone().getId()).isEqualTo("Asia/Shanghai");
    assertThat(c.service().emailEnabled()).isFalse();
    assertThat(c.booking().upcomingCap()).isEqualTo(2);
    assertThat(c.booking().reminderPoll()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  @DisplayName("the protection defaults are the ones docs/security.md states")
  void protectionDefaults() {
    WenxinConfig.Protection p = WenxinConfig.from(new JsonObject()).protection();
    assertThat(p.loginWindow()).isEqualTo(Duration.ofHours(1));
    assertThat(p.loginAccountAttempts()).isEqualTo(20);
    assertThat(p.loginAddressAttempts()).isEqualTo(50);
    assertThat(p.loginAddressPerKnownUser()).isEqualTo(10);
    assertThat(p.loginAddressCap()).isEqualTo(2000);
    assertThat(p.hashThreads()).isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    assertThat(p.hashQueue()).isEqualTo(16);
    assertThat(p.anonymousPerAddress()).isEqualTo(60);
    assertThat(p.anonymousRetention()).isEqualTo(Duration.ofDays(30));
    assertThat(p.socketsPerUser()).isEqualTo(10);
    assertThat(p.socketsPerAddress()).isEqualTo(500);
    assertThat(p.socketIdle()).isEqualTo(Duration.ofSeconds(75));
    assertThat(p.metricsToken()).isEmpty();
    assertThat(p.metricsNetworks()).containsExactly("127.0.0.1/32", "::1/128");
  }

  @Test
  @DisplayName("a real MongoDB turns demo data off unless asked for")
  void demoOffForRealDatabase() {
    WenxinConfig c = WenxinConfig.from(new JsonObject().put("WENXIN_MONGO_URI", "mongodb://db:27017"));
    assertThat(c.storage().embeddedMongo()).isFalse();
    assertThat(c.demo().enabled()).isFalse();
  }

  @Test
  @DisplayName("every value can be overridden, lists are comma separated")
  void overrides() {
    WenxinConfig c = WenxinConfig.from(new JsonObject()
        .put("WENXIN_HTTP_PORT", "9090")
        .put("WENXIN_CORS_ORIGINS", "https://a.example, https://b.example")
        .put("WENXIN_HOTLINES", "12355"));
    assertThat(c.http().port()).isEqualTo(9090);
    assertThat(c.http().publicUrl()).isEqualTo("http://localhost:9090");
    assertThat(c.http().corsOrigins()).isEqualTo(List.of("https://a.example", "https://b.example"));
    assertThat(c.service().hotlines()).containsExactly("12355");
  }

  @Test
  @DisplayName("a malformed number names the variable")
  void badNumber() {
    assertThatThrownBy(() -> WenxinConfig.from(new JsonObject().put("WENXIN_HTTP_PORT", "eighty")))
        .hasMessageContaining("WENXIN_HTTP_PORT");
  }

  @Test
  @DisplayName("the gateway runs one instance per core unless told otherwise")
  void gatewayInstances() {
    assertThat(WenxinConfig.from(new JsonObject()).http().gatewayInstances())
        .isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(WenxinConfig.from(new JsonObject().put("WENXIN_GATEWAY_INSTANCES", "3")).http().gatewayInstances())
        .isEqualTo(3);
  }
}
