package cn.wenxin.consult.hotline;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.consult.directory.Times;
import cn.wenxin.infra.error.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Crisis cases. Status OPEN -> ASSESSING -> INTERVENING -> REFERRED -> FOLLOW_UP -> CLOSED (a step may be skipped
 * forward, never back, except FOLLOW_UP back to INTERVENING when things get worse); every change is one update that
 * also pushes a timeline entry, made on the {@code version} read, so of two racing edits one wins and the other is a
 * 409. The level L0-L5 comes from the structured screening questions, never typed in.
 */
final class CaseBook {

  static final List<String> STATUSES = List.of("open", "assessing", "intervening", "referred", "follow_up", "closed");

  private final MongoClient mongo;

  CaseBook(MongoClient mongo) {
    this.mongo = mongo;
  }

  /**
   * The level from the screener's answers, in the manner of the Lifeline risk assessment and the C-SSRS:
   * desire (none | passive | active), capability, intent, plan, imminent (an attempt under way or within hours),
   * protective factors. Protective factors lower a moderate level by one, never a high one.
   */
  static int level(JsonObject a) {
    String desire = a.getString("desire", "none");
    boolean capability = a.getBoolean("capability", false);
    boolean intent = a.getBoolean("intent", false);
    boolean plan = a.getBoolean("plan", false);
    boolean imminent = a.getBoolean("imminent", false);
    boolean protective = a.getBoolean("protective", false);
    int level;
    if (imminent) {
      level = 5;
    } else if (intent && (plan || capability)) {
      level = 4;
    } else if ("active".equals(desire) && (capability || intent)) {
      level = 3;
    } else if ("active".equals(desire)) {
      level = 2;
    } else if ("passive".equals(desire)) {
      level = 1;
    } else {
      level = capability || intent ? 1 : 0;
    }
    return protective && level >= 2 && level <= 3 ? level - 1 : level;
  }

  static boolean canMove(String from, String to) {
    int f = STATUSES.indexOf(from);
    int t = STATUSES.indexOf(to);
    if (f < 0 || t < 0 || "closed".equals(from)) {
      return false;
    }
    return t > f || ("follow_up".equals(from) && "intervening".equals(to));
  }

  Future<JsonObject> open(String by, String talkId, String alertId, String studentId, int level) {
    String now = Times.iso(Instant.now());
    String id = UUID.randomUUID().toString();
    JsonObject doc = new JsonObject().put("_id", id).put("status", "open").put("level", level)
        .put("talkId", talkId).put("alertId", alertId).put("studentId", studentId).put("assigneeId", by)
        .put("openedBy", by).put("openedAt", now).put("version", 0).put("legalHold", false)
        .put("timeline", new JsonArray().add(step(by, "opened", new JsonObject().put("level", level))));
    return mongo.insert(ConsultCollections.HOTLINE_CASES, doc).map(x -> doc);
  }

  static JsonObject step(String by, String action, JsonObject details) {
    return new JsonObject().put("at", Times.iso(Instant.now())).put("by", by).put("action", action)
        .put("details", details == null ? new JsonObject() : details);
  }

  Future<JsonObject> find(String id) {
    return mongo.findOne(ConsultCollections.HOTLINE_CASES, new JsonObject().put("_id", id), null)
        .compose(c -> c == null ? Future.failedFuture(ProblemException.notFound("No such case")) : Future.succeededFuture(c));
  }

  Future<List<JsonObject>> list(boolean closedToo) {
    JsonObject q = closedToo ? new JsonObject() : new JsonObject().put("status", new JsonObject().put("$ne", "closed"));
    return mongo.findWithOptions(ConsultCollections.HOTLINE_CASES, q,
        new FindOptions().setSort(new JsonObject().put("openedAt", -1)).setLimit(200));
  }

  /** Cases with a follow-up (回访) due and not yet reminded. */
  Future<List<JsonObject>> followUpsDue(Instant now) {
    return mongo.findWithOptions(ConsultCollections.HOTLINE_CASES, new JsonObject()
            .put("followUps", new JsonObject().put("$elemMatch", new JsonObject().put("reminded", false)
                .put("dueAt", new JsonObject().put("$lte", Times.iso(now))))),
        new FindOptions().setLimit(100));
  }

  /** Marks the i-th follow-up reminded, once. */
  Future<Boolean> markReminded(String caseId, int i) {
    return mongo.updateCollection(ConsultCollections.HOTLINE_CASES, new JsonObject().put("_id", caseId)
            .put("followUps." + i + ".reminded", false),
        new JsonObject().put("$set", new JsonObject().put("followUps." + i + ".reminded", true)))
        .map(r -> r.getDocModified() == 1);
  }

  /** One change on the version read: {@code set} fields and a timeline entry; 409 {@code case_changed} if raced. */
  Future<JsonObject> change(JsonObject c, JsonObject set, JsonObject step, JsonObject push) {
    JsonObject update = new JsonObject()
        .put("$set", set.copy().put("updatedAt", Times.iso(Instant.now())))
        .put("$inc", new JsonObject().put("version", 1))
        .put("$push", (push == null ? new JsonObject() : push.copy()).put("timeline", step));
    return mongo.findOneAndUpdateWithOptions(ConsultCollections.HOTLINE_CASES, new JsonObject()
            .put("_id", c.getString("_id")).put("version", c.getInteger("version", 0)), update, new FindOptions(),
        new UpdateOptions().setReturningNewDocument(true)).compose(d -> d != null ? Future.succeededFuture(d)
        : Future.failedFuture(ProblemException.conflict("The case changed meanwhile; reload it").withCode("case_changed")));
  }

  /** What staff see: no student id (a case names its chat; identity is only through a reveal). */
  static JsonObject view(JsonObject c) {
    JsonObject v = c.copy();
    v.put("id", v.remove("_id"));
    v.remove("studentId");
    v.remove("notes");
    v.put("anonymousStudent", c.getBoolean("anonymousStudent", false));
    return v;
  }

  static final Set<String> REFERRAL_KINDS = Set.of("hospital_green_channel", "psychiatric_outpatient", "school_counselor",
      "police_emergency", "other");
  static final Map<String, String> NOTIFY_KINDS = Map.of("guardian", "guardian", "school", "school");
}
