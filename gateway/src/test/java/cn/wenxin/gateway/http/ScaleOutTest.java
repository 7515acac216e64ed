package cn.wenxin.gateway.http;

import cn.wenxin.gateway.testing.TestStack;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Several gateway and directory instances per node answer as one")
class ScaleOutTest {

  @Test
  @DisplayName("with three instances each, 60 searches and 60 profile reads at once all answer 200, the searches alike")
  void instancesAnswerAlike() {
    try (TestStack stack = TestStack.start(new JsonObject().put("WENXIN_DEMO", "true")
        .put("WENXIN_DEMO_PASSWORD", TestStack.DEMO_PASSWORD).put("WENXIN_GATEWAY_INSTANCES", "3"))) {
      String token = stack.token("student041");
      List<Future<HttpResponse<Buffer>>> searches = new ArrayList<>();
      List<Future<HttpResponse<Buffer>>> profiles = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        searches.add(stack.http().get("/api/v1/experts").addQueryParam("topic", "emotions")
            .bearerTokenAuthentication(token).send());
        profiles.add(stack.http().get("/api/v1/me").bearerTokenAuthentication(token).send());
      }
      List<Future<HttpResponse<Buffer>>> all = new ArrayList<>(searches);
      all.addAll(profiles);
      await(Future.join(all).otherwiseEmpty());
      assertThat(searches).allSatisfy(f -> assertThat(f.result().statusCode()).isEqualTo(200));
      assertThat(profiles).allSatisfy(f -> assertThat(f.result().bodyAsJsonObject().getString("id"))
          .isEqualTo("stu-041"));
      assertThat(searches.stream().map(f -> f.result().bodyAsJsonObject().getJsonArray("items")).distinct())
          .hasSize(1);
    }
  }
}
