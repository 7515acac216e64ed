package cn.wenxin.consult.directory;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.consult.audit.AuditLog;
import cn.wenxin.infra.bus.ServiceReply;
import cn.wenxin.infra.bus.ServiceRequest;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.security.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;

import java.util.List;
import java.util.UUID;

/** An admin's management of expert profiles: list, add, edit, deactivate. Every change is audited. */
final class ExpertAdmin {

  /** The profile fields an admin may set (the contract's AdminExpert schema). */
  private static final List<String> FIELDS = List.of("name", "title", "gender", "bio", "specialties", "modes",
      "languages", "gradeBands", "qualifications", "active");

  private final MongoClient mongo;
  private final AuditLog audit;

  ExpertAdmin(MongoClient mongo) {
    this.mongo = mongo;
    this.audit = new AuditLog(mongo);
  }

  Future<JsonObject> list(ServiceRequest r) {
    r.caller(Role.ADMIN);
    return mongo.findWithOptions(ConsultCollections.EXPERTS, new JsonObject(),
            new FindOptions().setSort(new JsonObject().put("_id", 1)).setLimit(1000))
        .map(docs -> {
          JsonArray items = new JsonArray();
          docs.forEach(d -> items.add(ExpertStore.view(d)));
          return new JsonObject().put("items", items);
        });
  }

  Future<ServiceReply> create(ServiceRequest r) {
    Principal admin = r.caller(Role.ADMIN);
    JsonObject doc = fields(r.bodyObject()).put("_id", "exp-" + UUID.randomUUID().toString().substring(0, 8));
    doc.put("active", doc.getBoolean("active", true)).put("rating", new JsonObject().put("average", 0).put("count", 0));
    return mongo.insert(ConsultCollections.EXPERTS, doc)
        .compose(id -> audit.record(admin.id(), admin.role().wire(), "expert.create", doc.getString("_id")))
        .map(v -> ServiceReply.created(ExpertStore.view(doc)));
  }

  Future<JsonObject> update(ServiceRequest r) {
    Principal admin = r.caller(Role.ADMIN);
    String id = r.requiredParam("id");
    JsonObject set = fields(r.bodyObject());
    String action = Boolean.FALSE.equals(set.getBoolean("active")) ? "expert.deactivate"
        : Boolean.TRUE.equals(set.getBoolean("active")) ? "expert.activate" : "expert.edit";
    return mongo.findOneAndUpdate(ConsultCollections.EXPERTS, new JsonObject().put("_id", id),
            new JsonObject().put("$set", set))
        .compose(before -> before == null
            ? Future.failedFuture(ProblemException.notFound("No expert " + id))
            : audit.record(admin.id(), admin.role().wire(), action, id))
        .compose(v -> mongo.findOne(ConsultCollections.EXPERTS, new JsonObject().put("_id", id), null))
        .map(ExpertStore::view);
  }

  private static JsonObject fields(JsonObject body) {
    JsonObject out = new JsonObject();
    FIELDS.forEach(f -> {
      if (body.containsKey(f)) {
        out.put(f, body.getValue(f));
      }
    });
    return out;
  }
}
