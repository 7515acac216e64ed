package cn.wenxin.consult.directory;

import cn.wenxin.consult.ConsultCollections;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.util.List;

/** Expert profiles (written by the demo seed or admin tools; read here). */
public final class ExpertStore {

  private final MongoClient mongo;

  public ExpertStore(MongoClient mongo) {
    this.mongo = mongo;
  }

  public Future<JsonObject> find(String id) {
    return mongo.findOne(ConsultCollections.EXPERTS, new JsonObject().put("_id", id), null);
  }

  /** About a hundred documents: filtering happens in the service (the embedded server has no useful indexes). */
  public Future<List<JsonObject>> active() {
    return mongo.find(ConsultCollections.EXPERTS, new JsonObject().put("active", true));
  }

  public Future<Long> countActive() {
    return mongo.count(ConsultCollections.EXPERTS, new JsonObject().put("active", true));
  }

  /** The public view of a profile: the id under {@code id}, plus the avatar's URL. */
  public static JsonObject view(JsonObject doc) {
    JsonObject v = doc.copy();
    String id = (String) v.remove("_id");
    return v.put("id", id).put("avatarUrl", "/api/v1/experts/" + id + "/avatar.svg");
  }
}
