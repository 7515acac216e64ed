package cn.wenxin.gateway;

import cn.wenxin.infra.testing.TestConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The run command's process, as a person starts and stops it: {@code Wenxin.main} in its own JVM on the embedded
 * defaults, stopped with SIGTERM, started again on the same data.
 */
class LauncherProcessTest {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  @DisplayName("the service starts from main, answers ready, stops on SIGTERM and keeps its data")
  void startStopRestart() throws Exception {
    JsonObject env = TestConfig.fresh().put("WENXIN_DEMO", "true");
    Path log = Files.createTempFile("wenxin-launch", ".log");
    Process first = launch(env, log);
    String base = "http://127.0.0.1:" + env.getString("WENXIN_HTTP_PORT");
    try {
      awaitReady(base, first, log);
      assertThat(Files.readString(log)).contains("Wenxin is running: http://localhost:");
      JsonObject tokens = anonymous(base);
      first.destroy();
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
      assertThat(Files.readString(log)).contains("data flushed");

      Process second = launch(env, log);
      try {
        awaitReady(base, second, log);
        HttpResponse<String> me = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/me"))
            .header("Authorization", "Bearer " + tokens.getString("accessToken")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(new JsonObject(me.body()).getString("pseudonym")).isEqualTo(tokens.getString("pseudonym"));
      } finally {
        second.destroy();
        second.waitFor(30, TimeUnit.SECONDS);
      }
    } finally {
      first.destroyForcibly();
    }
  }

  private static Process launch(JsonObject env, Path log) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Wenxin.class.getName())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    env.forEach(e -> pb.environment().put(e.getKey(), e.getValue().toString()));
    return pb.start();
  }

  private void awaitReady(String base, Process p, Path log) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(p.isAlive()).as("process alive; log:\n" + Files.readString(log)).isTrue();
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/ready")).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError("not ready in 90 s; log:\n" + Files.readString(log));
  }

  private JsonObject anonymous(String base) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/anonymous"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return new JsonObject(r.body());
  }
}
