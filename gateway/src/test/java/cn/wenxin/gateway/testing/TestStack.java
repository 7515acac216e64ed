package cn.wenxin.gateway.testing;

import cn.wenxin.gateway.Wenxin;
import cn.wenxin.infra.cluster.Nodes;
import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.testing.TestConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The whole service, started for a test exactly as {@code Wenxin.main} starts it: embedded MongoDB-wire server on
 * a fresh data directory, the real Redis, real HTTP on a free port. Blocking helpers keep tests short.
 */
public final class TestStack implements AutoCloseable {

  public static final String DEMO_PASSWORD = "wenxin-demo-2026";

  private final JsonObject config;
  private final Vertx vertx;
  private final WebClient http;
  private final ContractCheck contract;

  private TestStack(JsonObject config) {
    this.config = config;
    // A local Vert.x, or a clustered one when the config says WENXIN_CLUSTER=hazelcast (several nodes in one test).
    this.vertx = await(Nodes.start(Wenxin.vertxOptions(WenxinConfig.from(config).http().metricsRegistry()), config));
    await(Wenxin.deploy(vertx, config));
    this.contract = ContractCheck.load(vertx);
    this.http = contract.attach(WebClient.create(vertx,
        new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port()),
        new io.vertx.core.http.PoolOptions().setHttp1MaxSize(256)));
  }

  /** A fresh, empty service. */
  public static TestStack start() {
    return new TestStack(TestConfig.fresh());
  }

  /** A fresh service with the demo population seeded. */
  public static TestStack withDemo() {
    return new TestStack(TestConfig.fresh().put("WENXIN_DEMO", "true").put("WENXIN_DEMO_PASSWORD", DEMO_PASSWORD));
  }

  /** A fresh service with the demo population and these settings on top. */
  public static TestStack withDemo(JsonObject overrides) {
    return start(new JsonObject().put("WENXIN_DEMO", "true").put("WENXIN_DEMO_PASSWORD", DEMO_PASSWORD)
        .mergeIn(overrides));
  }

  public static TestStack start(JsonObject overrides) {
    return new TestStack(TestConfig.fresh().mergeIn(overrides));
  }

  /** Stops this one and starts another on the same data directory and port, as a restart would. */
  public TestStack restart() {
    close();
    return new TestStack(config);
  }

  public Vertx vertx() {
    return vertx;
  }

  public JsonObject config() {
    return config;
  }

  public int port() {
    return Integer.parseInt(config.getString("WENXIN_HTTP_PORT"));
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** A client whose every answer is checked against openapi.yaml ({@link ContractCheck}). */
  public WebClient http() {
    return http;
  }

  /** The answers so far that did not match the contract (also a failure when the stack closes). */
  public List<String> contractViolations() {
    return contract.violations();
  }

  /** Tokens of a demo account: {accessToken, refreshToken, expiresIn}. */
  public JsonObject signIn(String username) {
    HttpResponse<Buffer> r = await(http.post("/api/v1/auth/login")
        .sendJsonObject(new JsonObject().put("username", username).put("password", DEMO_PASSWORD)));
    if (r.statusCode() != 200) {
      throw new AssertionError("Sign-in of " + username + " answered " + r.statusCode() + ": " + r.bodyAsString());
    }
    return r.bodyAsJsonObject();
  }

  /** The access token of a demo account. */
  public String token(String username) {
    return signIn(username).getString("accessToken");
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError("Failed: " + e.getCause(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Stops the service; fails if any answer a test received did not match the contract. */
  @Override
  public void close() {
    await(vertx.close());
    contract.record();
    List<String> bad = contract.violations();
    if (!bad.isEmpty()) {
      throw new AssertionError("Answers that do not match openapi.yaml:\n" + String.join("\n", bad));
    }
  }
}
