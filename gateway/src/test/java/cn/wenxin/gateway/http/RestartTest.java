package cn.wenxin.gateway.http;

import cn.wenxin.gateway.testing.TestStack;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

class RestartTest {

  @Test
  @DisplayName("data and sign-ins survive a restart of the embedded service")
  void survivesRestart() {
    TestStack stack = TestStack.withDemo();
    JsonObject tokens = await(stack.http().post("/api/v1/auth/anonymous").send()).bodyAsJsonObject();
    stack = stack.restart();
    try {
      JsonObject me = await(stack.http().get("/api/v1/me")
          .bearerTokenAuthentication(tokens.getString("accessToken")).send()).bodyAsJsonObject();
      assertThat(me.getString("pseudonym")).isEqualTo(tokens.getString("pseudonym"));
      int refreshed = await(stack.http().post("/api/v1/auth/refresh")
          .sendJsonObject(new JsonObject().put("refreshToken", tokens.getString("refreshToken")))).statusCode();
      assertThat(refreshed).isEqualTo(200);
      assertThat(stack.token("expert100")).as("demo data seeded once, still there").isNotBlank();
    } finally {
      stack.close();
    }
  }
}
