package cn.wenxin.consult.demo;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.mongo.Mongo;
import cn.wenxin.infra.security.PasswordHasher;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.MongoClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Ensures the consultation service's indexes and, in demo mode on an empty database, writes the demo population.
 * A marker document with a fixed id makes the seed happen once even if two nodes start together.
 */
public class DemoSeedVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(DemoSeedVerticle.class);
  private static final String META = "meta";
  private static final String MARKER = "demo-seed-v1";

  /**
   * The published demo password (WENXIN_DEMO_PASSWORD's default) hashed once with the default Argon2id cost: a start
   * on the defaults writes it as it is, where hashing it was the longest step before the demo people could be
   * written. Its salt is the same in every demo, which weakens nothing: the password itself is published.
   */
  static final String DEFAULT_DEMO_HASH =
      "$argon2id$v=19$m=19456,t=2,p=1$ikUei0NsnazbCCHISVo0rg$64g/+Z66fQtMzY/eQpsBgKuK7ISVbl8U5S55h7s3vnQ";

  private MongoClient mongo;

  @Override
  public Future<?> start() {
    WenxinConfig config = WenxinConfig.from(config());
    mongo = Mongo.client(vertx, config);
    Future<Void> indexes = ConsultCollections.ensureIndexes(mongo);
    if (!config.demo().enabled()) {
      return indexes;
    }
    // The marker (its own collection, no index of ours) is claimed while the indexes are made; the demo people are
    // written only once every index exists, so that each is indexed as it is inserted.
    return claimSeed().compose(first -> first ? seed(config, indexes) : indexes);
  }

  private Future<Boolean> claimSeed() {
    JsonObject marker = new JsonObject().put("_id", MARKER).put("at", new JsonObject().put("$date", Instant.now().toString()));
    return mongo.insert(META, marker).map(id -> true)
        .recover(err -> Mongo.isDuplicateKey(err) ? Future.succeededFuture(false) : Future.failedFuture(err));
  }

  private Future<Void> seed(WenxinConfig config, Future<Void> indexes) {
    // One hash for the one published demo password: hashing 412 times would add a minute to every first start.
    // Another password or cost is hashed on a worker while the indexes are made.
    Future<String> hashed = demoHashDefault(config) ? Future.succeededFuture(DEFAULT_DEMO_HASH)
        : vertx.executeBlocking(() -> new PasswordHasher(config.auth().argon2MemoryKib(),
            config.auth().argon2Iterations()).hash(config.demo().password()));
    return Future.all(hashed, indexes).map(both -> hashed.result()).compose(hash -> {
      DemoPeople people = new DemoPeople();
      List<JsonObject> accounts = new ArrayList<>();
      List<JsonObject> experts = people.experts();
      List<JsonObject> availability = new ArrayList<>();
      for (JsonObject e : experts) {
        String n = e.getString("_id").substring(4);
        accounts.add(people.staff(e.getString("_id"), "expert" + n, "expert", e.getString("name")));
        availability.add(people.availability(e.getString("_id")));
      }
      for (int i = 1; i <= 100; i++) {
        String parentId = String.format("par-%03d", i);
        JsonObject child = people.student(i, parentId);
        JsonArray children = new JsonArray().add(child.getString("_id"));
        accounts.add(child);
        JsonObject second = people.student(i + 100, i % 5 == 0 ? parentId : null);
        if (i % 5 == 0) {
          children.add(second.getString("_id"));
        }
        accounts.add(second);
        accounts.add(people.parent(i, children, child.getString("displayName").substring(0, 1)));
      }
      for (int i = 1; i <= 10; i++) {
        accounts.add(people.staff(String.format("hot-%02d", i), String.format("hotline%02d", i), "hotline",
            DemoPeople.hotlineName(i)));
      }
      accounts.add(people.staff("adm-01", "admin01", "admin", "市教育局心理中心管理员"));
      accounts.add(people.staff("adm-02", "admin02", "admin", "学校心理中心管理员"));
      accounts.forEach(a -> a.put("passwordHash", hash));
      // Three collections, written side by side.
      return Future.all(insertAll(ConsultCollections.ACCOUNTS, accounts),
              insertAll(ConsultCollections.EXPERTS, experts), insertAll(ConsultCollections.AVAILABILITY, availability))
          .<Void>mapEmpty()
          .onSuccess(v -> log.info("Demo data written: {} accounts, {} experts", accounts.size(), experts.size()));
    });
  }

  /** Whether the demo password and the hashing cost are the defaults that {@link #DEFAULT_DEMO_HASH} was made with. */
  static boolean demoHashDefault(WenxinConfig config) {
    WenxinConfig defaults = WenxinConfig.from(new JsonObject());
    return config.demo().password().equals(defaults.demo().password())
        && config.auth().argon2MemoryKib() == defaults.auth().argon2MemoryKib()
        && config.auth().argon2Iterations() == defaults.auth().argon2Iterations()
        && DEFAULT_DEMO_HASH.startsWith("$argon2id$v=19$m=" + config.auth().argon2MemoryKib() + ",t="
            + config.auth().argon2Iterations() + ",p=1$");
  }

  private Future<Void> insertAll(String collection, List<JsonObject> docs) {
    return mongo.bulkWrite(collection, docs.stream().map(BulkOperation::createInsert).toList()).mapEmpty();
  }
}
