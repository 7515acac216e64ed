package cn.wenxin.infra.mongo;

import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.testing.TestConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the booking invariant rests on, checked on the embedded server itself: a conditional update whose filter
 * rejects an overlap is applied atomically, and the array operators the booking holds use behave as on MongoDB.
 */
class ConditionalUpdateTest {

  private Vertx vertx;
  private MongoClient mongo;

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    JsonObject config = TestConfig.fresh();
    await(vertx.deployVerticle(new EmbeddedMongoVerticle(), new DeploymentOptions().setConfig(config)));
    mongo = Mongo.client(vertx, WenxinConfig.from(config));
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  private Future<Boolean> take(String day, long s, long e, String token) {
    JsonObject filter = new JsonObject().put("_id", day).put("iv", new JsonObject().put("$not",
        new JsonObject().put("$elemMatch", new JsonObject().put("s", new JsonObject().put("$lt", e))
            .put("e", new JsonObject().put("$gt", s)))));
    JsonObject push = new JsonObject().put("$push", new JsonObject().put("iv",
        new JsonObject().put("s", s).put("e", e).put("t", token).put("p", true)));
    return mongo.updateCollectionWithOptions("holds", filter, push, new UpdateOptions().setUpsert(true))
        .map(r -> r.getDocModified() + (r.getDocUpsertedId() == null ? 0 : 1) == 1)
        .recover(err -> Mongo.isDuplicateKey(err) ? Future.succeededFuture(false) : Future.failedFuture(err));
  }

  @Test
  @DisplayName("80 concurrent overlapping takes on one document, five rounds, never leave two overlapping intervals")
  void overlapFilterIsAtomic() throws Exception {
    for (int round = 0; round < 5; round++) {
      String day = "E|x|" + round;
      List<Future<Boolean>> takes = new ArrayList<>();
      for (int i = 0; i < 80; i++) {
        long s = 1000 + (i % 20) * 10L;     // 20 distinct starts 10 apart, each 50 long: heavy overlap
        takes.add(take(day, s, s + 50, "t" + i));
      }
      await(Future.join(takes).otherwiseEmpty());
      assertThat(takes).allMatch(Future::succeeded);
      JsonArray iv = await(mongo.findOne("holds", new JsonObject().put("_id", day), null)).getJsonArray("iv");
      for (int a = 0; a < iv.size(); a++) {
        for (int b = a + 1; b < iv.size(); b++) {
          JsonObject x = iv.getJsonObject(a);
          JsonObject y = iv.getJsonObject(b);
          assertThat(x.getLong("s") < y.getLong("e") && y.getLong("s") < x.getLong("e"))
              .as("%s overlaps %s", x, y).isFalse();
        }
      }
      assertThat(takes.stream().filter(f -> f.result()).count()).isEqualTo(iv.size()).isGreaterThan(0);
    }
  }

  @Test
  @DisplayName("$pull by token removes exactly that interval, and a positional $set changes only the matched one")
  void pullAndPositionalSet() throws Exception {
    assertThat(await(take("d", 0, 50, "a"))).isTrue();
    assertThat(await(take("d", 60, 110, "b"))).isTrue();
    assertThat(await(take("d", 100, 150, "c"))).isFalse();
    await(mongo.updateCollection("holds", new JsonObject().put("_id", "d").put("iv.t", "b"),
        new JsonObject().put("$set", new JsonObject().put("iv.$.p", false))));
    await(mongo.updateCollection("holds", new JsonObject().put("_id", "d"),
        new JsonObject().put("$pull", new JsonObject().put("iv", new JsonObject().put("t", "a")))));
    JsonArray iv = await(mongo.findOne("holds", new JsonObject().put("_id", "d"), null)).getJsonArray("iv");
    assertThat(iv.size()).isEqualTo(1);
    assertThat(iv.getJsonObject(0).getString("t")).isEqualTo("b");
    assertThat(iv.getJsonObject(0).getBoolean("p")).isFalse();
    assertThat(await(take("d", 0, 50, "a2"))).isTrue();
  }

  @Test
  @DisplayName("a count cap as a filter on the array's n-th element admits exactly n of 30 concurrent takes")
  void countCap() throws Exception {
    List<Future<Boolean>> takes = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      JsonObject filter = new JsonObject().put("_id", "cap").put("iv.2", new JsonObject().put("$exists", false));
      takes.add(mongo.updateCollectionWithOptions("holds", filter, new JsonObject().put("$push",
              new JsonObject().put("iv", new JsonObject().put("t", "t" + i))), new UpdateOptions().setUpsert(true))
          .map(r -> true).recover(err -> Mongo.isDuplicateKey(err) ? Future.succeededFuture(false)
              : Future.failedFuture(err)));
    }
    await(Future.join(takes).otherwiseEmpty());
    assertThat(takes).allMatch(Future::succeeded);
    assertThat(takes.stream().filter(f -> f.result()).count()).isEqualTo(3);
    assertThat(await(mongo.findOne("holds", new JsonObject().put("_id", "cap"), null)).getJsonArray("iv").size())
        .isEqualTo(3);
  }
}
