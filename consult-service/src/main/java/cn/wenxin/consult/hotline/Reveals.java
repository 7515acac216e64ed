package cn.wenxin.consult.hotline;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.consult.consent.Guardianship;
import cn.wenxin.consult.directory.Times;
import cn.wenxin.infra.error.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Break-glass identity reveals. A reveal is asked for a case with a reason; it opens when a second person on duty
 * approves it (dual control), or at once when the asker says the danger is imminent, in which case the second
 * person reviews it afterwards. Only the asker sees the identity, and only the minimum: name, school and grade, the
 * guardians' names and how to reach them. The accounts are read (never written) through the consent service's
 * {@link Guardianship}, and for staff names and admins by role.
 */
final class Reveals {

  /** From this case level a reveal may be asked without "imminent": a risk to life. */
  static final int MIN_LEVEL = 4;

  private final MongoClient mongo;
  private final StaffAccounts staff;
  private final Guardianship accounts;

  Reveals(MongoClient mongo, Guardianship accounts) {
    this.mongo = mongo;
    this.staff = new StaffAccounts(mongo);
    this.accounts = accounts;
  }

  Future<JsonObject> request(JsonObject c, String requesterId, String reason, boolean imminent) {
    String now = Times.iso(Instant.now());
    JsonObject doc = new JsonObject().put("_id", UUID.randomUUID().toString()).put("caseId", c.getString("_id"))
        .put("studentId", c.getString("studentId")).put("requesterId", requesterId).put("reason", reason)
        .put("imminent", imminent).put("requestedAt", now).put("open", imminent)
        .put("state", imminent ? "open_pending_review" : "requested");
    return mongo.insert(ConsultCollections.HOTLINE_REVEALS, doc).map(id -> doc);
  }

  Future<JsonObject> find(String id) {
    return mongo.findOne(ConsultCollections.HOTLINE_REVEALS, new JsonObject().put("_id", id), null)
        .compose(r -> r == null ? Future.failedFuture(ProblemException.notFound("No such reveal")) : Future.succeededFuture(r));
  }

  /** The second person's approval (or, for an imminent one, review); once, by one conditional update. */
  Future<JsonObject> approve(JsonObject rv, String approverId) {
    boolean imminent = rv.getBoolean("imminent", false);
    String from = imminent ? "open_pending_review" : "requested";
    return mongo.findOneAndUpdateWithOptions(ConsultCollections.HOTLINE_REVEALS,
        new JsonObject().put("_id", rv.getString("_id")).put("state", from),
        new JsonObject().put("$set", new JsonObject().put("state", imminent ? "open_reviewed" : "approved")
            .put("open", true).put("approverId", approverId).put("approvedAt", Times.iso(Instant.now()))),
        new FindOptions(), new UpdateOptions().setReturningNewDocument(true)).compose(d -> d != null
        ? Future.succeededFuture(d)
        : Future.failedFuture(ProblemException.conflict("Already decided").withCode("reveal_decided")));
  }

  /** Reveals waiting for a second person: asked (dual control) or opened at once and not reviewed yet. */
  Future<List<JsonObject>> pending() {
    return mongo.findWithOptions(ConsultCollections.HOTLINE_REVEALS, new JsonObject().put("state",
            new JsonObject().put("$in", new JsonArray().add("requested").add("open_pending_review"))),
        new FindOptions().setLimit(100));
  }

  /** The caller's own reveals of a case, newest first. */
  Future<List<JsonObject>> ofCase(String caseId, String requesterId) {
    return mongo.findWithOptions(ConsultCollections.HOTLINE_REVEALS, new JsonObject().put("caseId", caseId)
        .put("requesterId", requesterId), new FindOptions().setSort(new JsonObject().put("requestedAt", -1)));
  }

  /** What the student's own record shows: that a reveal happened, when, and whether a second person signed it off. */
  Future<List<JsonObject>> aboutStudent(String studentId) {
    return mongo.findWithOptions(ConsultCollections.HOTLINE_REVEALS, new JsonObject().put("studentId", studentId),
        new FindOptions().setSort(new JsonObject().put("requestedAt", -1)).setLimit(50))
        .map(list -> list.stream().filter(r -> r.getBoolean("open", false)).map(r -> new JsonObject()
            .put("at", r.getString("requestedAt")).put("imminent", r.getBoolean("imminent", false))
            .put("secondPerson", r.getString("approverId") != null)).toList());
  }

  static JsonObject view(JsonObject rv) {
    return new JsonObject().put("id", rv.getString("_id")).put("caseId", rv.getString("caseId"))
        .put("requesterId", rv.getString("requesterId")).put("reason", rv.getString("reason"))
        .put("imminent", rv.getBoolean("imminent", false)).put("state", rv.getString("state"))
        .put("approverId", rv.getString("approverId")).put("requestedAt", rv.getString("requestedAt"));
  }

  /** The minimum needed to keep the person safe. An anonymous student has none on file: said so. */
  Future<JsonObject> identity(JsonObject rv) {
    String studentId = rv.getString("studentId");
    if (studentId == null) {
      return Future.succeededFuture(new JsonObject().put("known", false));
    }
    return accounts.account(studentId).compose(a -> {
      if (a == null || a.getBoolean("anonymous", false)) {
        return Future.succeededFuture(new JsonObject().put("known", false));
      }
      JsonObject st = a.getJsonObject("student", new JsonObject());
      List<Future<JsonObject>> guardians = new ArrayList<>();
      a.getJsonArray("guardians", new JsonArray()).forEach(g -> guardians.add(accounts.account((String) g)));
      return Future.all(guardians).map(all -> {
        JsonArray gs = new JsonArray();
        for (int i = 0; i < guardians.size(); i++) {
          JsonObject g = all.resultAt(i);
          if (g != null) {
            gs.add(new JsonObject().put("name", g.getString("displayName"))
                .put("contact", g.getString("phone", g.getString("email", g.getString("username")))));
          }
        }
        return new JsonObject().put("known", true).put("name", a.getString("displayName"))
            .put("school", st.getString("school")).put("grade", st.getValue("grade")).put("guardians", gs);
      });
    });
  }

  Future<List<String>> accountIdsByRole(String role) {
    return staff.idsByRole(role);
  }

  /** {id: displayName} of hotline staff, for the roster editor. */
  Future<JsonObject> staffNames() {
    return staff.hotlineNames();
  }
}
