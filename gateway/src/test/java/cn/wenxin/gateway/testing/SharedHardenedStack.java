package cn.wenxin.gateway.testing;

import io.vertx.core.json.JsonObject;

/**
 * One service with the demo population for the hardening tests, started once per test JVM and stopped when it
 * exits: client addresses come from X-Forwarded-For (so a test can play many addresses), /metrics is open to
 * 10.0.0.0/8 or the token "scrape-secret".
 */
public final class SharedHardenedStack {

  public static final String METRICS_TOKEN = "scrape-secret";
  private static TestStack stack;

  private SharedHardenedStack() {
  }

  public static synchronized TestStack get() {
    if (stack == null) {
      stack = TestStack.start(new JsonObject().put("WENXIN_DEMO", "true")
          .put("WENXIN_DEMO_PASSWORD", TestStack.DEMO_PASSWORD).put("WENXIN_TRUST_FORWARDED_HEADERS", "true")
          .put("WENXIN_METRICS_NETWORKS", "10.0.0.0/8").put("WENXIN_METRICS_TOKEN", METRICS_TOKEN));
      TestStack started = stack;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "hardened-stack-stop"));
    }
    return stack;
  }
}
