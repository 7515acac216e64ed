package cn.wenxin.gateway.http;

import cn.wenxin.gateway.testing.TestStack;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

class SingleNodeFallbackTest {

  @Test
  @DisplayName("with no Redis the service still starts, signs people in and says it is DEGRADED on in-process state")
  void runsWithoutRedis() {
    try (TestStack stack = TestStack.start(new JsonObject()
        .put("WENXIN_REDIS_URL", "redis://127.0.0.1:1").put("WENXIN_DEMO", "true"))) {
      var response = await(stack.http().get("/ready").send());
      JsonObject ready = response.bodyAsJsonObject();
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(ready.getString("status")).isEqualTo("DEGRADED");
      assertThat(ready.getJsonObject("redis").getString("status")).isEqualTo("ABSENT");
      assertThat(stack.token("student001")).isNotBlank();
    }
  }

  @Test
  @DisplayName("a node of a cluster without Redis is not ready; with Redis it is; MongoDB down is never ready")
  void clusteredNodeWithoutRedis() {
    var single = new Health(null, null, true, false);
    var member = new Health(null, null, false, true);
    assertThat(single.status("UP", "ABSENT")).isEqualTo("DEGRADED");
    assertThat(member.status("UP", "ABSENT")).isEqualTo("DOWN");
    assertThat(member.status("UP", "UP")).isEqualTo("UP");
    // A shared Redis gone quiet: degraded, still in rotation (all nodes share it), never all taken out at once.
    assertThat(member.status("UP", "DOWN")).isEqualTo("DEGRADED");
    assertThat(single.status("DOWN", "UP")).isEqualTo("DOWN");
  }
}
