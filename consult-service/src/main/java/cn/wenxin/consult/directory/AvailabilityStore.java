package cn.wenxin.consult.directory;

import cn.wenxin.consult.ConsultCollections;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

/** Availability rules, one document per expert ({@code _id} = expert id). */
public final class AvailabilityStore {

  private final MongoClient mongo;
  private final ZoneId defaultZone;

  public AvailabilityStore(MongoClient mongo, ZoneId defaultZone) {
    this.mongo = mongo;
    this.defaultZone = defaultZone;
  }

  /** The expert's rules, or empty rules in the service's zone when nothing is published. */
  public Future<Availability> get(String expertId) {
    return mongo.findOne(ConsultCollections.AVAILABILITY, new JsonObject().put("_id", expertId), null)
        .map(doc -> doc == null ? Availability.empty(defaultZone) : Availability.fromJson(doc));
  }

  public Future<Map<String, Availability>> all() {
    return mongo.find(ConsultCollections.AVAILABILITY, new JsonObject()).map(docs -> {
      Map<String, Availability> map = new HashMap<>();
      docs.forEach(d -> map.put(d.getString("_id"), Availability.fromJson(d)));
      return map;
    });
  }

  public Future<Availability> put(String expertId, Availability rules) {
    JsonObject doc = rules.toJson();
    return mongo.replaceDocumentsWithOptions(ConsultCollections.AVAILABILITY,
            new JsonObject().put("_id", expertId), doc, new UpdateOptions().setUpsert(true))
        .map(r -> rules);
  }
}
