package cn.wenxin.infra.testing;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Configuration for a test: a fresh data directory (so a fresh embedded database), a free HTTP port, the real
 * Redis, and Argon2 made cheap so that sign-in tests stay fast (the algorithm is the same; only the cost differs).
 */
public final class TestConfig {

  private TestConfig() {
  }

  public static JsonObject fresh() {
    try {
      Path dir = Files.createTempDirectory("wenxin-test-");
      dir.toFile().deleteOnExit();
      return new JsonObject()
          .put("WENXIN_DATA_DIR", dir.toString())
          .put("WENXIN_HTTP_PORT", String.valueOf(freePort()))
          .put("WENXIN_HTTP_HOST", "127.0.0.1")
          .put("WENXIN_ARGON2_MEMORY_KIB", "1024")
          .put("WENXIN_ARGON2_ITERATIONS", "1")
          .put("WENXIN_DEMO", "false")
          // Tests that prove durability (kill -9) switch this back on; the rest run without a commit per write.
          .put("WENXIN_MONGO_COMMIT_EACH_WRITE", "false")
          .put("WENXIN_REDIS_NAMESPACE", "wenxin-test-" + java.util.UUID.randomUUID())
          .put("WENXIN_METRICS_REGISTRY", "wenxin-test-" + java.util.UUID.randomUUID())
          .put("WENXIN_REDIS_URL", System.getenv().getOrDefault("WENXIN_REDIS_URL", "redis://127.0.0.1:6379"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
