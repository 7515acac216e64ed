package cn.wenxin.infra.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class SessionsConfigTest {

  @Test
  @DisplayName("sessions open 10 minutes early, run 10 minutes over, and video is peer to peer by default")
  void defaults() {
    WenxinConfig.Sessions s = WenxinConfig.from(new JsonObject()).sessions();
    assertThat(s.joinEarly()).isEqualTo(Duration.ofMinutes(10));
    assertThat(s.grace()).isEqualTo(Duration.ofMinutes(10));
    assertThat(s.chatMaxChars()).isEqualTo(2000);
    assertThat(s.chatPerMinute()).isEqualTo(30);
    assertThat(s.sweep()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.iceServers()).isEqualTo("[]");
    assertThat(s.jitsi().enabled()).isFalse();
  }

  @Test
  @DisplayName("a self-hosted Jitsi takes the app id as audience and the domain as sub; JaaS takes jitsi and the tenant")
  void jitsiDefaults() {
    WenxinConfig.Jitsi self = WenxinConfig.from(new JsonObject().put("WENXIN_JITSI_DOMAIN", "meet.school.cn")
        .put("WENXIN_JITSI_SECRET", "s")).sessions().jitsi();
    assertThat(self.enabled()).isTrue();
    assertThat(self.jaas()).isFalse();
    assertThat(self.audience()).isEqualTo("wenxin");
    assertThat(self.subject()).isEqualTo("meet.school.cn");
    assertThat(self.libraryUrl()).isEqualTo("https://meet.school.cn/libs/lib-jitsi-meet.min.js");
    WenxinConfig.Jitsi jaas = WenxinConfig.from(new JsonObject().put("WENXIN_JITSI_DOMAIN", "8x8.vc")
        .put("WENXIN_JITSI_TENANT", "vpaas-magic-cookie-abc").put("WENXIN_JITSI_PRIVATE_KEY", "k")).sessions().jitsi();
    assertThat(jaas.jaas()).isTrue();
    assertThat(jaas.audience()).isEqualTo("jitsi");
    assertThat(jaas.subject()).isEqualTo("vpaas-magic-cookie-abc");
  }
}
