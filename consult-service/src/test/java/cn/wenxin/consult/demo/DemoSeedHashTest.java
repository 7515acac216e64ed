package cn.wenxin.consult.demo;

import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.security.PasswordHasher;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The demo password's hash written at a first start")
class DemoSeedHashTest {

  @Test
  @DisplayName("the stored default hash is the default password at the default cost, and is used only with both")
  void defaultHash() {
    WenxinConfig defaults = WenxinConfig.from(new JsonObject());
    PasswordHasher hasher = new PasswordHasher(defaults.auth().argon2MemoryKib(), defaults.auth().argon2Iterations());
    assertThat(hasher.verify(defaults.demo().password(), DemoSeedVerticle.DEFAULT_DEMO_HASH)).isTrue();
    assertThat(hasher.verify(defaults.demo().password() + "x", DemoSeedVerticle.DEFAULT_DEMO_HASH)).isFalse();
    assertThat(DemoSeedVerticle.demoHashDefault(defaults)).isTrue();
    assertThat(DemoSeedVerticle.demoHashDefault(WenxinConfig.from(new JsonObject()
        .put("WENXIN_DEMO_PASSWORD", "another-one")))).isFalse();
    assertThat(DemoSeedVerticle.demoHashDefault(WenxinConfig.from(new JsonObject()
        .put("WENXIN_ARGON2_ITERATIONS", "3")))).isFalse();
    assertThat(DemoSeedVerticle.demoHashDefault(WenxinConfig.from(new JsonObject()
        .put("WENXIN_ARGON2_MEMORY_KIB", "65536")))).isFalse();
  }
}
