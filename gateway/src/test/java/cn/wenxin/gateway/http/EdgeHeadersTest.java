package cn.wenxin.gateway.http;

import cn.wenxin.gateway.testing.SharedHardenedStack;
import cn.wenxin.gateway.testing.TestStack;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.StaticHandler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Headers and operations: caching, /metrics, HSTS, topics and free text")
class EdgeHeadersTest {

  static TestStack stack;

  @BeforeAll
  static void start() {
    stack = SharedHardenedStack.get();
  }

  HttpResponse<Buffer> get(String path, String forwardedFor) {
    var r = stack.http().get(path);
    if (forwardedFor != null) {
      r.putHeader("X-Forwarded-For", forwardedFor);
    }
    return await(r.send());
  }

  @Test
  @DisplayName("the shell is revalidated on every load; only content-hashed files are immutable")
  void caching() throws Exception {
    Path root = Files.createTempDirectory("webroot-");
    Files.writeString(root.resolve("index.html"), "<div id=\"app\"></div>");
    Files.createDirectories(root.resolve("assets"));
    Files.writeString(root.resolve("assets/index-B1x9_zQk.js"), "1");
    Files.writeString(root.resolve("favicon.svg"), "<svg/>");
    Vertx vertx = Vertx.vertx();
    try {
      Router router = Router.router(vertx);
      router.route().handler(new StaticCaching());
      router.route().handler(StaticHandler.create(FileSystemAccess.ROOT, root.toString()).setCachingEnabled(true)
          .setIndexPage("index.html"));
      int port = await(vertx.createHttpServer().requestHandler(router).listen(0)).actualPort();
      WebClient http = WebClient.create(vertx);
      for (String shell : new String[] {"/", "/index.html", "/favicon.svg"}) {
        HttpResponse<Buffer> r = await(http.get(port, "127.0.0.1", shell).send());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.getHeader("Cache-Control")).as(shell).isEqualTo("no-cache");
      }
      assertThat(await(http.get(port, "127.0.0.1", "/assets/index-B1x9_zQk.js").send()).getHeader("Cache-Control"))
          .isEqualTo(StaticCaching.IMMUTABLE);
    } finally {
      await(vertx.close());
    }
  }

  @Test
  @DisplayName("/metrics answers the configured network and the scrape token, and nobody else")
  void metricsGuarded() {
    // Let through means "not 404": with several services in one test JVM the shared Prometheus registry may be
    // gone when another closes (the scraper then answers 500 by itself); the guard is what is tested here.
    assertThat(get("/metrics", "203.0.113.9").statusCode()).isEqualTo(404);
    assertThat(get("/metrics", "10.20.30.40").statusCode()).isNotEqualTo(404);
    assertThat(await(stack.http().get("/metrics").putHeader("X-Forwarded-For", "203.0.113.9")
        .bearerTokenAuthentication(SharedHardenedStack.METRICS_TOKEN).send()).statusCode()).isNotEqualTo(404);
    assertThat(await(stack.http().get("/metrics").putHeader("X-Forwarded-For", "203.0.113.9")
        .bearerTokenAuthentication("guess").send()).statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("HSTS only when the request came over HTTPS (here: a trusted proxy says so)")
  void hsts() {
    assertThat(get("/health", null).getHeader("Strict-Transport-Security")).isNull();
    HttpResponse<Buffer> https = await(stack.http().get("/health").putHeader("X-Forwarded-Proto", "https").send());
    assertThat(https.getHeader("Strict-Transport-Security")).startsWith("max-age=");
  }

  @Test
  @DisplayName("a topic is one of the known codes, and notes lose control characters and bidi overrides")
  void topicAndFreeText() {
    String token = stack.token("student150");
    Buffer slots = await(stack.http().get("/api/v1/experts/exp-010/slots")
        .addQueryParam("from", java.time.Instant.now().toString())
        .addQueryParam("to", java.time.Instant.now().plus(java.time.Duration.ofDays(20)).toString())
        .bearerTokenAuthentication(token).send()).body();
    io.vertx.core.json.JsonArray list = slots.toString().startsWith("[") ? new io.vertx.core.json.JsonArray(slots)
        : new JsonObject(slots).getJsonArray("items");
    String slot = list.stream().map(o -> (JsonObject) o).filter(x -> x.getBoolean("available", true))
        .findFirst().orElseThrow().getString("start");
    JsonObject booking = new JsonObject().put("expertId", "exp-010").put("start", slot).put("mode", "chat");
    HttpResponse<Buffer> markup = await(stack.http().post("/api/v1/bookings").bearerTokenAuthentication(token)
        .sendJsonObject(booking.copy().put("topic", "<b>x</b>")));
    assertThat(markup.statusCode()).isEqualTo(400);
    HttpResponse<Buffer> made = await(stack.http().post("/api/v1/bookings").bearerTokenAuthentication(token)
        .sendJsonObject(booking.copy().put("topic", "sleep").put("note", "睡不着\u0000\u202e吧\n第二行")));
    assertThat(made.statusCode()).as(made.bodyAsString()).isEqualTo(201);
    assertThat(made.bodyAsJsonObject().getString("note")).isEqualTo("睡不着吧\n第二行");
  }
}
