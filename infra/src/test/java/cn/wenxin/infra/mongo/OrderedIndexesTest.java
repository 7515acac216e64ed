package cn.wenxin.infra.mongo;

import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.testing.TestConfig;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class OrderedIndexesTest {

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static Throwable failure(Future<?> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().handle((ok, err) -> err).get(30, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("index keys compare equal exactly when their values do, without serializing strings, numbers or dates")
  void keyOrder() {
    IndexKeyType type = IndexKeyType.INSTANCE;
    assertThat(type.compare(new KeyValue("exp-1", "2026-12-01T10:00Z"), new KeyValue("exp-1", "2026-12-01T10:00Z")))
        .isZero();
    assertThat(type.compare(new KeyValue("exp-1", "a"), new KeyValue("exp-1", "b"))).isNegative();
    assertThat(type.compare(new KeyValue("exp-2", "a"), new KeyValue("exp-1", "b"))).isPositive();
    assertThat(type.compare(new KeyValue(1), new KeyValue(1L))).as("an int and a long are different keys").isNotZero();
    assertThat(type.compare(new KeyValue(new Date(5)), new KeyValue(new Date(5)))).isZero();
    assertThat(type.compare(new KeyValue("a"), new KeyValue("a", "b"))).isNegative();
    assertThat(type.compare(new KeyValue(new de.bwaldvogel.mongo.bson.Document("x", 1)),
        new KeyValue(new de.bwaldvogel.mongo.bson.Document("x", 1)))).isZero();
  }

  @Test
  @DisplayName("a file whose unique indexes were written in the old key order opens with every key found and enforced")
  void rebuildsOldOrder() throws Exception {
    JsonObject config = TestConfig.fresh();
    Path file = Path.of(config.getString("WENXIN_DATA_DIR")).resolve("wenxin-mongo.mv.db");
    String database = WenxinConfig.from(config).storage().mongoDatabase();
    int keys = 300;

    // Written by the library's own backend: its index maps are ordered by serialized bytes.
    MongoServer old = new MongoServer(new H2Backend(file.toString()));
    old.bind("127.0.0.1", 0);
    Vertx first = Vertx.vertx();
    MongoClient oldClient = MongoClient.create(first, new JsonObject()
        .put("connection_string", "mongodb://127.0.0.1:" + old.getLocalAddress().getPort())
        .put("db_name", database));
    await(oldClient.createIndexWithOptions("claims", new JsonObject().put("expertId", 1).put("minute", 1),
        new IndexOptions().unique(true)));
    List<Future<String>> inserts = new ArrayList<>();
    for (int i = 0; i < keys; i++) {
      inserts.add(oldClient.insert("claims", claim(i)));
    }
    await(Future.all(inserts));
    oldClient.close();
    await(first.close());
    old.shutdown();

    Vertx second = Vertx.vertx();
    await(second.deployVerticle(new EmbeddedMongoVerticle(), new DeploymentOptions().setConfig(config)));
    MongoClient mongo = Mongo.client(second, WenxinConfig.from(config));
    assertThat(await(mongo.count("claims", new JsonObject()))).as("every claim kept").isEqualTo((long) keys);
    for (int i = 0; i < keys; i++) {
      JsonObject key = new JsonObject().put("expertId", "exp-" + (i % 7)).put("minute", i);
      assertThat(await(mongo.findOne("claims", key, null))).as("claim %d found by its unique key", i).isNotNull();
      assertThat(await(mongo.findOne("claims", new JsonObject().put("_id", "c" + i), null))).isNotNull();
      assertThat(Mongo.isDuplicateKey(failure(mongo.insert("claims", claim(i).put("_id", "again" + i)))))
          .as("claim %d still refused twice", i).isTrue();
    }
    await(mongo.insert("claims", claim(keys)));
    assertThat(await(mongo.count("claims", new JsonObject()))).isEqualTo(keys + 1L);
    await(second.close());

    // And once more: the rebuilt order is marked, so it is kept as it is.
    Vertx third = Vertx.vertx();
    await(third.deployVerticle(new EmbeddedMongoVerticle(), new DeploymentOptions().setConfig(config)));
    MongoClient again = Mongo.client(third, WenxinConfig.from(config));
    assertThat(Mongo.isDuplicateKey(failure(again.insert("claims", claim(17).put("_id", "x"))))).isTrue();
    assertThat(await(again.findOne("claims", new JsonObject().put("expertId", "exp-" + (keys % 7)).put("minute", keys),
        null))).isNotNull();
    await(third.close());
  }

  private static JsonObject claim(int i) {
    return new JsonObject().put("_id", "c" + i).put("expertId", "exp-" + (i % 7)).put("minute", i);
  }
}
