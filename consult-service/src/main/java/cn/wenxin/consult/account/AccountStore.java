package cn.wenxin.consult.account;

import cn.wenxin.consult.ConsultCollections;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

/** Sign-in identities. Usernames are unique by index; anonymous accounts have none. */
final class AccountStore {

  private final MongoClient mongo;

  AccountStore(MongoClient mongo) {
    this.mongo = mongo;
  }

  Future<JsonObject> byUsername(String username) {
    return mongo.findOne(ConsultCollections.ACCOUNTS, new JsonObject().put("username", username), null);
  }

  Future<JsonObject> byId(String id) {
    return mongo.findOne(ConsultCollections.ACCOUNTS, new JsonObject().put("_id", id), null);
  }

  Future<JsonObject> insert(JsonObject account) {
    return mongo.insert(ConsultCollections.ACCOUNTS, account).map(id -> account);
  }

  Future<java.util.List<JsonObject>> byIds(java.util.List<String> ids) {
    return mongo.find(ConsultCollections.ACCOUNTS,
        new JsonObject().put("_id", new JsonObject().put("$in", new io.vertx.core.json.JsonArray(ids))));
  }

  Future<Void> setStudentField(String id, String field, Object value) {
    return mongo.updateCollection(ConsultCollections.ACCOUNTS, new JsonObject().put("_id", id),
        new JsonObject().put("$set", new JsonObject().put("student." + field, value))).mapEmpty();
  }

  Future<Void> update(String id, JsonObject update) {
    return mongo.updateCollection(ConsultCollections.ACCOUNTS, new JsonObject().put("_id", id), update).mapEmpty();
  }
}
