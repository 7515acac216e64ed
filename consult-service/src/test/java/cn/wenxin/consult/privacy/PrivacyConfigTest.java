package cn.wenxin.consult.privacy;

import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.testing.TestConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrivacyConfigTest {

  @Test
  @DisplayName("Privacy defaults: 180 days, hourly sweep, local master key, alerts from level 2")
  void defaults() {
    WenxinConfig.Privacy p = WenxinConfig.from(new JsonObject()).privacy();
    assertThat(p.retention()).isEqualTo(Duration.ofDays(180));
    assertThat(p.sweep()).isEqualTo(Duration.ofHours(1));
    assertThat(p.localKms()).isTrue();
    assertThat(p.localMasterKey()).isEmpty();
    assertThat(p.keyVaultNamespace()).isEqualTo("wenxin.key_vault");
    assertThat(p.riskAlertLevel()).isEqualTo(2);
  }

  @Test
  @DisplayName("The generated local master key is 96 bytes, kept in the data dir readable by its owner only")
  void generatedKeyFile() throws Exception {
    WenxinConfig config = WenxinConfig.from(TestConfig.fresh());
    Map<String, Map<String, Object>> first = MasterKeys.kmsProviders(config);
    Path file = config.storage().dataDir().resolve(MasterKeys.KEY_FILE);
    assertThat((byte[]) first.get("local").get("key")).hasSize(96);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat((byte[]) MasterKeys.kmsProviders(config).get("local").get("key"))
        .isEqualTo(first.get("local").get("key"));
  }

  @Test
  @DisplayName("A configured local master key of the wrong size stops the start")
  void wrongSize() {
    WenxinConfig config = WenxinConfig.from(new JsonObject().put("WENXIN_LOCAL_MASTER_KEY", "c2hvcnQ="));
    assertThatThrownBy(() -> MasterKeys.kmsProviders(config)).hasMessageContaining("96 bytes");
  }
}
