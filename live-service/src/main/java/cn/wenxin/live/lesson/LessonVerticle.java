package cn.wenxin.live.lesson;

import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceEndpoint;
import cn.wenxin.infra.bus.ServiceRequest;
import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.mongo.Mongo;
import cn.wenxin.infra.security.Role;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;

/**
 * The 温心课堂 catalogue: student lessons and the parent series (家长必修课) by grade stage. Parents see both series,
 * students see theirs; staff see everything.
 */
public class LessonVerticle extends VerticleBase {

  static final String LESSONS = "lessons";

  private MongoClient mongo;

  @Override
  public Future<?> start() {
    WenxinConfig config = WenxinConfig.from(config());
    mongo = Mongo.client(vertx, config);
    Future<Void> seeded = config.demo().enabled() ? seedOnce() : Future.succeededFuture();
    return seeded.compose(v -> new ServiceEndpoint(Addresses.LESSONS)
        .on("listLessons", this::list)
        .bind(vertx));
  }

  private Future<JsonObject> list(ServiceRequest req) {
    Role role = req.caller().role();
    JsonObject query = role == Role.STUDENT ? new JsonObject().put("series", "student") : new JsonObject();
    FindOptions order = new FindOptions().setSort(new JsonObject().put("series", -1).put("order", 1));
    return mongo.findWithOptions(LESSONS, query, order).map(docs -> {
      JsonArray items = new JsonArray();
      docs.forEach(d -> {
        JsonObject item = d.copy();
        item.put("id", item.remove("_id"));
        items.add(item);
      });
      return new JsonObject().put("items", items);
    });
  }

  private Future<Void> seedOnce() {
    return mongo.count(LESSONS, new JsonObject()).compose(n -> n > 0 ? Future.succeededFuture()
        : mongo.bulkWrite(LESSONS, LessonCatalog.demo().stream().map(BulkOperation::createInsert).toList())
            .mapEmpty());
  }
}
