package cn.wenxin.gateway.http;

import cn.wenxin.gateway.testing.LogCapture;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A saturated dependency answers 503 with Retry-After in the one place failures become HTTP")
class OverloadTest {

  private Vertx vertx;
  private WebClient http;
  private int port;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.get("/redis").handler(ctx -> ctx.fail(new RuntimeException("lookup failed",
        new ConnectionPoolTooBusyException("Connection pool reached max wait queue size of 512"))));
    router.get("/mongo").handler(ctx -> ctx.fail(new com.mongodb.MongoTimeoutException("Timed out waiting")));
    router.get("/bug").handler(ctx -> ctx.fail(new IllegalStateException("a real bug")));
    router.route().failureHandler(new ProblemResponses());
    port = await(vertx.createHttpServer().requestHandler(router).listen(0)).actualPort();
    http = WebClient.create(vertx);
  }

  @AfterEach
  void tearDown() {
    await(vertx.close());
  }

  HttpResponse<Buffer> get(String path) {
    return await(http.get(port, "127.0.0.1", path).send());
  }

  @Test
  @DisplayName("a full Redis pool and a MongoDB timeout are 503 with Retry-After and no stack in the log")
  void saturation() {
    try (LogCapture log = LogCapture.begin()) {
      for (String path : new String[] {"/redis", "/mongo"}) {
        HttpResponse<Buffer> r = get(path);
        assertThat(r.statusCode()).as(path).isEqualTo(503);
        assertThat(r.getHeader("Retry-After")).isEqualTo("2");
        assertThat(r.getHeader("Content-Type")).startsWith("application/problem+json");
      }
      assertThat(log.errorsAndStacks()).isEmpty();
    }
  }

  @Test
  @DisplayName("a real bug is still a 500, logged with its stack")
  void bugStays500() {
    try (LogCapture log = LogCapture.begin()) {
      assertThat(get("/bug").statusCode()).isEqualTo(500);
      assertThat(log.errorsAndStacks()).hasSize(1);
    }
  }
}
