package cn.wenxin.gateway.browser;

import cn.wenxin.gateway.testing.TestStack;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the web client's browser tests (web-client/e2e, node's test runner driving Debian's Chromium through
 * playwright-core) against the whole service started here, on the demo data.
 */
class BrowserJourneyTest {

  @Test
  @DisplayName("every role reaches its home in a real browser, and the pages pass their checks")
  void browserSuite() throws Exception {
    Path webClient = Path.of("..", "web-client").toAbsolutePath().normalize();
    assertThat(webClient.resolve("node_modules/playwright-core")).as("npm ci ran in web-client").exists();
    try (TestStack stack = TestStack.withDemo()) {
      Path log = Files.createDirectories(Path.of("target")).resolve("browser-tests.log");
      ProcessBuilder pb = new ProcessBuilder("npm", "run", "e2e")
          .directory(webClient.toFile())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile());
      pb.environment().put("WENXIN_BASE_URL", stack.baseUrl());
      pb.environment().put("WENXIN_DEMO_PASSWORD", TestStack.DEMO_PASSWORD);
      Process p = pb.start();
      boolean finished = p.waitFor(8, TimeUnit.MINUTES);
      if (!finished) {
        p.destroyForcibly();
      }
      String output = Files.readString(log);
      System.out.println(output);
      assertThat(finished).as("browser tests finished in time").isTrue();
      assertThat(p.exitValue()).as("browser tests passed; see " + log + "\n" + tail(output)).isZero();
      assertThat(output).containsPattern("# pass [1-9]");
    }
  }

  private static String tail(String s) {
    return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
  }
}
