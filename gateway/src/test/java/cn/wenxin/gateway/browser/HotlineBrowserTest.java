package cn.wenxin.gateway.browser;

import cn.wenxin.gateway.testing.TestStack;
import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.mongo.Mongo;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs web-client/e2e/hotline.test.mjs against a demo service (whose roster keeps a hotline worker, a crisis expert
 * and a duty lead on duty every hour), then reads the audit log: every step of the flow is in it.
 */
class HotlineBrowserTest {

  @Test
  @DisplayName("a risky talk-now message reaches the console, is taken, becomes a case, is handed over and referred")
  void hotlineInTheBrowser() throws Exception {
    Path webClient = Path.of("..", "web-client").toAbsolutePath().normalize();
    assertThat(webClient.resolve("node_modules/playwright-core")).as("npm ci ran in web-client").exists();
    try (TestStack stack = TestStack.withDemo()) {
      Path log = Files.createDirectories(Path.of("target")).resolve("hotline-browser-tests.log");
      ProcessBuilder pb = new ProcessBuilder("node", "--test", "e2e/hotline.test.mjs")
          .directory(webClient.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().put("WENXIN_BASE_URL", stack.baseUrl());
      pb.environment().put("WENXIN_DEMO_PASSWORD", TestStack.DEMO_PASSWORD);
      pb.environment().put("WENXIN_E2E_HOTLINE", "1");
      Process p = pb.start();
      boolean finished = p.waitFor(4, TimeUnit.MINUTES);
      if (!finished) {
        p.destroyForcibly();
      }
      String output = Files.readString(log);
      System.out.println(output);
      assertThat(finished).as("hotline browser test finished in time").isTrue();
      assertThat(p.exitValue()).as("hotline browser test passed; see " + log).isZero();
      assertThat(output).contains("# pass 1").contains("# skipped 0");

      MongoClient mongo = Mongo.client(stack.vertx(), WenxinConfig.from(stack.config()));
      List<String> actions = await(mongo.find("audit_log", new JsonObject())).stream()
          .map(e -> e.getString("action")).toList();
      assertThat(actions).contains("hotline.talk.start", "hotline.alert.raised", "hotline.talk.take",
          "hotline.alert.ack", "hotline.case.open", "hotline.case.assess", "hotline.talk.handoff",
          "hotline.case.referral", "audit.verify");
      JsonObject kase = await(mongo.findOne("hotline_cases", new JsonObject(), null));
      assertThat(kase.getString("status")).isEqualTo("referred");
      assertThat(kase.getString("assigneeId")).isEqualTo("hot-02");
      assertThat(kase.getJsonArray("referrals").getJsonObject(0).getString("facility")).isEqualTo("温州市第七人民医院");
    }
  }
}
