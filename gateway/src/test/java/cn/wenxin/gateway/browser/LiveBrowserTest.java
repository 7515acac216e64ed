package cn.wenxin.gateway.browser;

import cn.wenxin.gateway.testing.TestStack;
import cn.wenxin.infra.testing.TestConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs web-client/e2e/live.test.mjs against the demo service: a host and two viewers in one livestream (video peer
 * to peer, Q&A, votes, a diverted risky question, chat, credits), and a lesson replay played in a parent's page.
 * Any attendance counts toward the lesson here ({@code WENXIN_LIVE_ATTEND_SECONDS=0}) so the test needs no waiting.
 * A second service is configured for Jitsi: there an expert schedules a livestream on the page, broadcasts through
 * Jitsi to a viewer and publishes the replay (the browser test serves a stand-in for JitsiMeetJS at the configured
 * library URL, as SessionBrowserTest does).
 */
class LiveBrowserTest {

  @Test
  @DisplayName("a host and two viewers hold a livestream in three browsers; a parent plays a replay and earns credits;"
      + " an expert schedules a livestream, broadcasts it through Jitsi and publishes its replay")
  void livestreamInTheBrowser() throws Exception {
    Path webClient = Path.of("..", "web-client").toAbsolutePath().normalize();
    assertThat(webClient.resolve("node_modules/playwright-core")).as("npm ci ran in web-client").exists();
    JsonObject demo = new JsonObject().put("WENXIN_DEMO", "true").put("WENXIN_DEMO_PASSWORD", TestStack.DEMO_PASSWORD);
    String jitsiPort = String.valueOf(TestConfig.freePort());
    JsonObject jitsiConfig = demo.copy().put("WENXIN_HTTP_PORT", jitsiPort)
        .put("WENXIN_JITSI_DOMAIN", "meet.test.local").put("WENXIN_JITSI_APP_ID", "wenxin")
        .put("WENXIN_JITSI_SECRET", "a-prosody-app-secret-of-32-bytes-at-least")
        .put("WENXIN_JITSI_LIBRARY_URL", "http://127.0.0.1:" + jitsiPort + "/__e2e__/lib-jitsi-meet.min.js")
        .put("WENXIN_LIVE_VISITORS_FROM", "0"); // every viewer of this service joins Jitsi as a visitor
    try (TestStack stack = TestStack.start(demo.copy().put("WENXIN_LIVE_ATTEND_SECONDS", "0"));
        TestStack jitsi = TestStack.start(jitsiConfig)) {
      Path log = Files.createDirectories(Path.of("target")).resolve("live-browser-tests.log");
      ProcessBuilder pb = new ProcessBuilder("node", "--test", "e2e/live.test.mjs")
          .directory(webClient.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().put("WENXIN_BASE_URL", stack.baseUrl());
      pb.environment().put("WENXIN_DEMO_PASSWORD", TestStack.DEMO_PASSWORD);
      pb.environment().put("WENXIN_E2E_LIVE", "1");
      pb.environment().put("WENXIN_E2E_LIVE_JITSI", jitsi.baseUrl());
      Process p = pb.start();
      boolean finished = p.waitFor(4, TimeUnit.MINUTES);
      if (!finished) {
        p.destroyForcibly();
      }
      String output = Files.readString(log);
      System.out.println(output);
      assertThat(finished).as("live browser tests finished in time").isTrue();
      assertThat(p.exitValue()).as("live browser tests passed; see " + log).isZero();
      assertThat(output).contains("# pass 3").contains("# skipped 0");
    }
  }
}
