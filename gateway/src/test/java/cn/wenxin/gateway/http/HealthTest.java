package cn.wenxin.gateway.http;

import cn.wenxin.gateway.testing.TestStack;
import cn.wenxin.infra.logging.NodeName;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Health, readiness and metrics")
class HealthTest {

  static TestStack stack;

  @BeforeAll
  static void start() {
    stack = TestStack.start();
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  @DisplayName("/health answers UP")
  void alive() {
    assertThat(await(stack.http().get("/health").send()).bodyAsJsonObject().getString("status")).isEqualTo("UP");
  }

  @Test
  @DisplayName("/ready reports MongoDB and Redis up")
  void ready() {
    HttpResponse<Buffer> r = await(stack.http().get("/ready").send());
    JsonObject body = r.bodyAsJsonObject();
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(body.getJsonObject("mongo").getString("status")).isEqualTo("UP");
    assertThat(body.getJsonObject("mongo").getBoolean("embedded")).isTrue();
    assertThat(body.getJsonObject("redis").getString("status")).isEqualTo("UP");
    assertThat(body.getJsonObject("signIns").getString("status")).as("ended sign-ins loaded").isEqualTo("UP");
    // One node: it names itself as its log lines do, and has no cluster to tell of.
    assertThat(body.getBoolean("clustered")).isFalse();
    assertThat(body.getString("node")).isEqualTo(NodeName.get());
    assertThat(body.containsKey("cluster")).isFalse();
  }

  @Test
  @DisplayName("/metrics is Prometheus text with HTTP server metrics")
  void metrics() {
    await(stack.http().get("/health").send());
    HttpResponse<Buffer> r = await(stack.http().get("/metrics").send());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).startsWith("text/plain");
    assertThat(r.bodyAsString()).contains("vertx_http_server_requests_total");
  }
}
