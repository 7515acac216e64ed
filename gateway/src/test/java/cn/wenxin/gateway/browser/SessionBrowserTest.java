package cn.wenxin.gateway.browser;

import cn.wenxin.gateway.testing.SessionBookings;
import cn.wenxin.gateway.testing.TestStack;
import cn.wenxin.infra.testing.TestConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs web-client/e2e/session.test.mjs: a chat session and a peer-to-peer video call between two browser contexts
 * on the default service, and the Jitsi path on a second service configured for Jitsi (the browser test serves a
 * stand-in for JitsiMeetJS at the configured library URL). The bookings are written with open windows.
 */
class SessionBrowserTest {

  @Test
  @DisplayName("a student and an expert hold a chat session and a video call in two browsers, by P2P and through Jitsi")
  void sessionsInTheBrowser() throws Exception {
    Path webClient = Path.of("..", "web-client").toAbsolutePath().normalize();
    assertThat(webClient.resolve("node_modules/playwright-core")).as("npm ci ran in web-client").exists();
    JsonObject demo = new JsonObject().put("WENXIN_DEMO", "true").put("WENXIN_DEMO_PASSWORD", TestStack.DEMO_PASSWORD);
    String jitsiPort = String.valueOf(TestConfig.freePort());
    JsonObject jitsiConfig = demo.copy().put("WENXIN_HTTP_PORT", jitsiPort)
        .put("WENXIN_JITSI_DOMAIN", "meet.test.local").put("WENXIN_JITSI_APP_ID", "wenxin")
        .put("WENXIN_JITSI_SECRET", "a-prosody-app-secret-of-32-bytes-at-least")
        .put("WENXIN_JITSI_LIBRARY_URL", "http://127.0.0.1:" + jitsiPort + "/__e2e__/lib-jitsi-meet.min.js");
    try (TestStack stack = TestStack.start(demo); TestStack jitsi = TestStack.start(jitsiConfig)) {
      JsonObject chat = SessionBookings.open(stack, "stu-160", "exp-040", Duration.ofMinutes(3), "chat", "pseudonym");
      JsonObject video = SessionBookings.open(stack, "stu-161", "exp-041", Duration.ofMinutes(3), "video", "pseudonym");
      JsonObject viaJitsi = SessionBookings.open(jitsi, "stu-162", "exp-042", Duration.ofMinutes(3), "video",
          "pseudonym");
      JsonObject fixtures = new JsonObject()
          .put("chat", fixture(chat, "student160", "expert040"))
          .put("video", fixture(video, "student161", "expert041"))
          .put("jitsi", fixture(viaJitsi, "student162", "expert042").put("baseUrl", jitsi.baseUrl())
              .put("studentLabel", viaJitsi.getString("studentLabel")).put("studentId", "stu-162"));
      Path log = Files.createDirectories(Path.of("target")).resolve("session-browser-tests.log");
      ProcessBuilder pb = new ProcessBuilder("node", "--test", "e2e/session.test.mjs")
          .directory(webClient.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().put("WENXIN_BASE_URL", stack.baseUrl());
      pb.environment().put("WENXIN_DEMO_PASSWORD", TestStack.DEMO_PASSWORD);
      pb.environment().put("WENXIN_E2E_SESSIONS", fixtures.encode());
      Process p = pb.start();
      boolean finished = p.waitFor(5, TimeUnit.MINUTES);
      if (!finished) {
        p.destroyForcibly();
      }
      String output = Files.readString(log);
      System.out.println(output);
      assertThat(finished).as("session browser tests finished in time").isTrue();
      assertThat(p.exitValue()).as("session browser tests passed; see " + log).isZero();
      assertThat(output).contains("# pass 3").contains("# skipped 0");
    }
  }

  private static JsonObject fixture(JsonObject booking, String student, String expert) {
    return new JsonObject().put("bookingId", booking.getString("_id")).put("student", student).put("expert", expert);
  }
}
