package cn.wenxin.infra.mongo;

import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.testing.TestConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedMongoTest {

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static MongoClient start(Vertx vertx, JsonObject config) throws Exception {
    await(vertx.deployVerticle(new EmbeddedMongoVerticle(), new DeploymentOptions().setConfig(config)));
    return Mongo.client(vertx, WenxinConfig.from(config));
  }

  @Test
  @DisplayName("acknowledged writes survive a clean stop and start of the embedded server")
  void survivesRestart() throws Exception {
    JsonObject config = TestConfig.fresh();
    Vertx first = Vertx.vertx();
    MongoClient mongo = start(first, config);
    await(mongo.createIndexWithOptions("things", new JsonObject().put("k", 1), new IndexOptions().unique(true)));
    await(mongo.insert("things", new JsonObject().put("_id", "a").put("k", 1)));
    await(first.close());

    Vertx second = Vertx.vertx();
    MongoClient again = start(second, config);
    assertThat(await(again.findOne("things", new JsonObject().put("_id", "a"), null))).isNotNull();
    Throwable dup = again.insert("things", new JsonObject().put("_id", "b").put("k", 1))
        .toCompletionStage().toCompletableFuture().handle((ok, err) -> err).get();
    assertThat(Mongo.isDuplicateKey(dup)).as("the unique index survived too").isTrue();
    await(Mongo.ping(again));
    await(second.close());
  }

  @Test
  @DisplayName("of 50 concurrent inserts of one unique key exactly one succeeds")
  void uniqueIndexUnderConcurrency() throws Exception {
    Vertx vertx = Vertx.vertx();
    MongoClient mongo = start(vertx, TestConfig.fresh());
    await(mongo.createIndexWithOptions("claims", new JsonObject().put("slot", 1), new IndexOptions().unique(true)));
    List<Future<String>> inserts = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      inserts.add(mongo.insert("claims", new JsonObject().put("slot", "exp-001|2026-12-01T11:00:00Z")));
    }
    await(Future.join(inserts).otherwiseEmpty());
    assertThat(inserts.stream().filter(Future::succeeded).count()).isEqualTo(1);
    assertThat(inserts.stream().filter(Future::failed).allMatch(f -> Mongo.isDuplicateKey(f.cause()))).isTrue();
    await(vertx.close());
  }
}
