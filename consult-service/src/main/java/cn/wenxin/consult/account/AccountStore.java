package cn.wenxin.consult.account;

import cn.wenxin.consult.ConsultCollections;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

/** Sign-in identities. Usernames are unique by index; anonymous accounts have none. */
final class AccountStore {

  private final MongoClient mongo;
  private final RecentAccounts recent;

  AccountStore(MongoClient mongo, RecentAccounts recent) {
    this.mongo = mongo;
    this.recent = recent;
  }

  /** For showing a person their own profile only: may be up to {@link RecentAccounts#REMEMBER} old. */
  Future<JsonObject> recentById(String id) {
    return recent.byId(id, () -> byId(id));
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
    return update(id, new JsonObject().put("$set", new JsonObject().put("student." + field, value)));
  }

  Future<Void> update(String id, JsonObject update) {
    recent.changed(id);
    return mongo.updateCollection(ConsultCollections.ACCOUNTS, new JsonObject().put("_id", id), update)
        .onComplete(r -> recent.changed(id)).mapEmpty();
  }
}
