package cn.wenxin.consult.hotline;

import cn.wenxin.consult.ConsultCollections;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;

import java.util.List;

/** The hotline's read-only view of accounts: who has a role (for escalation) and staff names (for the roster). */
final class StaffAccounts {

  private final MongoClient mongo;

  StaffAccounts(MongoClient mongo) {
    this.mongo = mongo;
  }

  Future<List<String>> idsByRole(String role) {
    return mongo.findWithOptions(ConsultCollections.ACCOUNTS, new JsonObject().put("role", role),
        new FindOptions().setFields(new JsonObject().put("_id", 1)).setLimit(100))
        .map(list -> list.stream().map(a -> a.getString("_id")).toList());
  }

  /** {id: displayName} of hotline staff. */
  Future<JsonObject> hotlineNames() {
    return mongo.findWithOptions(ConsultCollections.ACCOUNTS, new JsonObject().put("role", "hotline"),
        new FindOptions().setFields(new JsonObject().put("_id", 1).put("displayName", 1)).setLimit(500))
        .map(list -> {
          JsonObject o = new JsonObject();
          list.forEach(a -> o.put(a.getString("_id"), a.getString("displayName")));
          return o;
        });
  }
}
