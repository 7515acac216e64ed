package cn.wenxin.gateway.http;

import cn.wenxin.gateway.testing.TestStack;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

class SingleNodeFallbackTest {

  @Test
  @DisplayName("with no Redis the service still starts, signs people in and reports the in-process fallback")
  void runsWithoutRedis() {
    try (TestStack stack = TestStack.start(new JsonObject()
        .put("WENXIN_REDIS_URL", "redis://127.0.0.1:1").put("WENXIN_DEMO", "true"))) {
      JsonObject ready = await(stack.http().get("/ready").send()).bodyAsJsonObject();
      assertThat(ready.getString("status")).isEqualTo("UP");
      assertThat(ready.getJsonObject("redis").getString("status")).isEqualTo("ABSENT");
      assertThat(stack.token("student001")).isNotBlank();
    }
  }
}
