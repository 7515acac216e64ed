package cn.wenxin.infra.mongo;

import cn.wenxin.infra.testing.TestConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedMongoPrivacyTest {

  @Test
  @DisplayName("the data directory is owner-only and its database file unreadable to others, even if it was open")
  void ownerOnly() throws Exception {
    JsonObject config = TestConfig.fresh();
    Path dir = Path.of(config.getString("WENXIN_DATA_DIR"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Vertx vertx = Vertx.vertx();
    try {
      vertx.deployVerticle(new EmbeddedMongoVerticle(), new DeploymentOptions().setConfig(config))
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("wenxin-mongo.mv.db"))))
          .isEqualTo("rw-------");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
