package cn.wenxin.consult.account;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.mongo.EmbeddedMongoVerticle;
import cn.wenxin.infra.mongo.Mongo;
import cn.wenxin.infra.shared.SharedState;
import cn.wenxin.infra.testing.TestConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Anonymous accounts: limited per address, removed after their retention of no use")
class AnonymousAccountsTest {

  private Vertx vertx;
  private MongoClient mongo;
  private AnonymousAccounts anonymous;

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    JsonObject config = TestConfig.fresh();
    await(vertx.deployVerticle(new EmbeddedMongoVerticle(), new DeploymentOptions().setConfig(config)));
    mongo = Mongo.client(vertx, WenxinConfig.from(config));
    anonymous = new AnonymousAccounts(mongo, RecentAccounts.of(vertx), SharedState.local(vertx).rateLimiter(), 3, Duration.ofDays(30));
  }

  @AfterEach
  void tearDown() throws Exception {
    await(vertx.close());
  }

  static JsonObject date(Instant at) {
    return new JsonObject().put("$date", at.toString());
  }

  @Test
  @DisplayName("an address gets the configured number of anonymous sessions per hour, then 429")
  void perAddress() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(await(anonymous.create("10.1.1.1")).getBoolean("anonymous")).isTrue();
    }
    Throwable refused = anonymous.create("10.1.1.1").toCompletionStage().toCompletableFuture()
        .handle((ok, err) -> err).get(10, TimeUnit.SECONDS);
    assertThat(((ProblemException) refused).status()).isEqualTo(429);
    assertThat(await(anonymous.create("10.1.1.2"))).isNotNull();
  }

  @Test
  @DisplayName("the sweep removes anonymous accounts idle past the retention, with their refresh tokens, and no other")
  void sweep() throws Exception {
    Instant now = Instant.now();
    await(mongo.insert(ConsultCollections.ACCOUNTS, new JsonObject().put("_id", "anon-old").put("anonymous", true)
        .put("createdAt", date(now.minus(Duration.ofDays(60)))).put("lastSeenAt", date(now.minus(Duration.ofDays(31))))));
    await(mongo.insert(ConsultCollections.ACCOUNTS, new JsonObject().put("_id", "anon-legacy").put("anonymous", true)
        .put("createdAt", date(now.minus(Duration.ofDays(40))))));
    await(mongo.insert(ConsultCollections.ACCOUNTS, new JsonObject().put("_id", "anon-recent").put("anonymous", true)
        .put("createdAt", date(now.minus(Duration.ofDays(60)))).put("lastSeenAt", date(now.minus(Duration.ofDays(1))))));
    await(mongo.insert(ConsultCollections.ACCOUNTS, new JsonObject().put("_id", "stu-1").put("anonymous", false)
        .put("createdAt", date(now.minus(Duration.ofDays(400))))));
    await(mongo.insert(ConsultCollections.REFRESH_TOKENS, new JsonObject().put("_id", "h1").put("accountId", "anon-old")));
    await(mongo.insert(ConsultCollections.REFRESH_TOKENS, new JsonObject().put("_id", "h2")
        .put("accountId", "anon-recent")));

    assertThat(await(anonymous.sweep())).isEqualTo(2);
    assertThat(await(mongo.find(ConsultCollections.ACCOUNTS, new JsonObject())).stream()
        .map(a -> a.getString("_id"))).containsExactlyInAnyOrder("anon-recent", "stu-1");
    assertThat(await(mongo.find(ConsultCollections.REFRESH_TOKENS, new JsonObject())).stream()
        .map(a -> a.getString("_id"))).containsExactly("h2");
  }
}
