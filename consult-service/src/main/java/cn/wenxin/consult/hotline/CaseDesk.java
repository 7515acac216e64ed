package cn.wenxin.consult.hotline;

import cn.wenxin.consult.audit.AuditLog;
import cn.wenxin.consult.directory.Times;
import cn.wenxin.infra.bus.ServiceReply;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.security.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Crisis cases of the hotline: opened from a chat or an alert, assessed, moved through their statuses, referred,
 * followed up, noted (encrypted notes, legal hold), and the break-glass reveal of a student's identity (a second
 * person on duty approves, or "imminent" with a review after). Every step is a case step and an audit record.
 */
final class CaseDesk {

  private final TalkQueue queue;
  private final AlertDesk alerts;
  private final CaseBook cases;
  private final CaseNotes notes;
  private final Reveals reveals;
  private final Roster roster;
  private final AuditLog audit;
  private final Duration caseRetention;

  CaseDesk(TalkQueue queue, AlertDesk alerts, CaseBook cases, CaseNotes notes, Reveals reveals, Roster roster,
           AuditLog audit, Duration caseRetention) {
    this.queue = queue;
    this.alerts = alerts;
    this.cases = cases;
    this.notes = notes;
    this.reveals = reveals;
    this.roster = roster;
    this.audit = audit;
    this.caseRetention = caseRetention;
  }


  Future<ServiceReply> openCase(Principal me, JsonObject body) {
    String talkId = body.getString("talkId");
    String alertId = body.getString("alertId");
    if (talkId == null && alertId == null) {
      return Future.failedFuture(ProblemException.badRequest("A case opens from a chat or an alert"));
    }
    Future<JsonObject> from = talkId != null ? queue.forStaff(me, talkId)
        : alerts.find(alertId).compose(a -> a == null ? Future.failedFuture(ProblemException.notFound("No such alert"))
            : queue.find(a.getString("sessionId")).map(t -> t != null ? t : new JsonObject()
                .put("risk", a.getInteger("level", 0))));
    return from.compose(t -> cases.open(me.id(), t.getString("_id"), alertId, t.getString("studentId"),
            t.getInteger("risk", 0)))
        .compose(c -> (c.getString("talkId") == null ? Future.<Void>succeededFuture()
            : queue.linkCase(c.getString("talkId"), c.getString("_id")))
            .compose(v -> audit.recordStep(me.id(), "hotline.case.open", c.getString("_id"),
                new JsonObject().put("talkId", c.getString("talkId")).put("alertId", alertId)))
            .map(v -> new ServiceReply(201, null, CaseBook.view(c))));
  }

  Future<JsonObject> getCase(Principal me, String id) {
    return cases.find(id).compose(c -> reveals.ofCase(id, me.id()).compose(mine -> {
      JsonArray rs = new JsonArray();
      mine.forEach(rv -> rs.add(Reveals.view(rv)));
      return audit.recordAccess(me.id(), "hotline.case.read", id, "duty")
          .map(v -> CaseBook.view(c).put("myReveals", rs));
    }));
  }

  Future<JsonObject> assess(Principal me, String id, JsonObject answers) {
    int level = CaseBook.level(answers);
    return cases.find(id).compose(c -> cases.change(c, new JsonObject().put("level", level).put("assessment", answers)
            .put("status", CaseBook.STATUSES.indexOf(c.getString("status")) < 1 ? "assessing" : c.getString("status")),
        CaseBook.step(me.id(), "assessed", new JsonObject().put("level", level)), null))
        .compose(c -> audit.recordStep(me.id(), "hotline.case.assess", id, new JsonObject().put("level", level))
            .map(v -> CaseBook.view(c)));
  }

  Future<JsonObject> caseStatus(Principal me, String id, JsonObject body) {
    String to = body.getString("status");
    return cases.find(id).compose(c -> {
      if (!CaseBook.canMove(c.getString("status"), to)) {
        return Future.failedFuture(ProblemException.conflict("The case cannot go from " + c.getString("status")
            + " to " + to).withCode("case_status_not_allowed"));
      }
      JsonObject set = new JsonObject().put("status", to);
      if ("closed".equals(to)) {
        set.put("closedAt", Times.iso(Instant.now()))
            .put("sealAfter", Times.iso(Instant.now().plus(caseRetention)));
      }
      return cases.change(c, set, CaseBook.step(me.id(), "status", new JsonObject().put("to", to)), null);
    }).compose(c -> audit.recordStep(me.id(), "hotline.case.status", id, new JsonObject().put("to", to))
        .map(v -> CaseBook.view(c)));
  }

  /** Referral (转介): where to, by whom, when; the case moves to REFERRED. */
  Future<JsonObject> referral(Principal me, String id, JsonObject body) {
    String kind = body.getString("kind", "hospital_green_channel");
    if (!CaseBook.REFERRAL_KINDS.contains(kind)) {
      return Future.failedFuture(ProblemException.badRequest("Unknown referral kind"));
    }
    JsonObject ref = new JsonObject().put("id", UUID.randomUUID().toString()).put("kind", kind)
        .put("facility", body.getString("facility", "")).put("contact", body.getString("contact", ""))
        .put("by", me.id()).put("at", Times.iso(Instant.now()));
    return cases.find(id).compose(c -> {
      JsonObject set = new JsonObject();
      if (CaseBook.canMove(c.getString("status"), "referred")) {
        set.put("status", "referred");
      }
      return cases.change(c, set, CaseBook.step(me.id(), "referred", new JsonObject().put("kind", kind)
          .put("referralId", ref.getString("id"))), new JsonObject().put("referrals", ref));
    }).compose(c -> audit.recordStep(me.id(), "hotline.case.referral", id, new JsonObject().put("kind", kind)
        .put("referralId", ref.getString("id"))).map(v -> CaseBook.view(c)));
  }

  /** A follow-up (回访) on a date; the console lists the due ones. */
  Future<JsonObject> followUp(Principal me, String id, JsonObject body) {
    String due = body.getString("dueAt");
    try {
      Instant.parse(due);
    } catch (RuntimeException e) {
      return Future.failedFuture(ProblemException.badRequest("dueAt is an ISO-8601 instant"));
    }
    JsonObject f = new JsonObject().put("dueAt", Times.iso(Instant.parse(due))).put("by", me.id()).put("done", false)
        .put("reminded", false);
    return cases.find(id).compose(c -> cases.change(c, CaseBook.canMove(c.getString("status"), "follow_up")
            ? new JsonObject().put("status", "follow_up") : new JsonObject(),
        CaseBook.step(me.id(), "follow_up_planned", new JsonObject().put("dueAt", due)),
        new JsonObject().put("followUps", f)))
        .compose(c -> audit.recordStep(me.id(), "hotline.case.follow_up", id, new JsonObject().put("dueAt", due))
            .map(v -> CaseBook.view(c)));
  }

  Future<JsonObject> addNote(Principal me, String id, JsonObject body) {
    String text = body.getString("text", "");
    if (text.isBlank()) {
      return Future.failedFuture(ProblemException.badRequest("text is required"));
    }
    return cases.find(id).compose(c -> c.getString("sealedAt") != null
        ? Future.failedFuture(ProblemException.conflict("The case is sealed").withCode("case_sealed"))
        : notes.add(id, me.id(), text))
        .compose(v -> audit.recordAccess(me.id(), "hotline.case.note_add", id, "duty"))
        .map(v -> new JsonObject().put("added", true));
  }

  Future<JsonObject> readNotes(Principal me, String id) {
    return cases.find(id).compose(c -> notes.read(c))
        .compose(items -> audit.recordAccess(me.id(), "hotline.case.notes_read", id, "duty")
            .map(v -> new JsonObject().put("items", items)));
  }

  Future<JsonObject> legalHold(Principal me, String id, JsonObject body) {
    boolean hold = body.getBoolean("hold", true);
    return notes.legalHold(id, hold).compose(found -> found
        ? audit.record(me.id(), me.role().wire(), hold ? "hotline.case.legal_hold" : "hotline.case.legal_release", id)
            .map(v -> new JsonObject().put("legalHold", hold))
        : Future.failedFuture(ProblemException.notFound("No such case")));
  }

  // --- break-glass reveals

  Future<ServiceReply> requestReveal(Principal me, String caseId, JsonObject body) {
    String reason = body.getString("reason", "").trim();
    boolean imminent = body.getBoolean("imminent", false);
    if (reason.length() < 5) {
      return Future.failedFuture(ProblemException.unprocessable("Give the reason").withCode("reveal_reason_required"));
    }
    return cases.find(caseId).compose(c -> {
      if (c.getInteger("level", 0) < Reveals.MIN_LEVEL && !imminent) {
        return Future.failedFuture(ProblemException.conflict("A reveal is for a case at risk to life (L4 and up)")
            .withCode("reveal_not_at_risk"));
      }
      return reveals.request(c, me.id(), reason, imminent)
          .compose(rv -> cases.change(c, new JsonObject(), CaseBook.step(me.id(), imminent ? "revealed_imminent"
              : "reveal_requested", new JsonObject().put("revealId", rv.getString("_id"))), null).map(rv))
          .compose(rv -> audit.recordStep(me.id(), imminent ? "hotline.reveal.imminent" : "hotline.reveal.request",
              rv.getString("_id"), new JsonObject().put("caseId", caseId).put("reason", reason)).map(rv));
    }).compose(rv -> imminent ? reveal(me, rv).map(x -> new ServiceReply(201, null, x))
        : Future.succeededFuture(new ServiceReply(201, null, Reveals.view(rv))));
  }

  Future<JsonObject> approveReveal(Principal me, String id) {
    return reveals.find(id).compose(rv -> {
      boolean admin = me.is(Role.ADMIN);
      return (admin ? Future.succeededFuture("admin") : roster.dutyOf(me.id())).compose(duty -> {
        if (me.id().equals(rv.getString("requesterId"))) {
          return Future.failedFuture(ProblemException.forbidden("A second person must approve")
              .withCode("reveal_same_person"));
        }
        if (duty == null) {
          return Future.failedFuture(ProblemException.forbidden("Only someone on duty may approve")
              .withCode("not_on_duty"));
        }
        return reveals.approve(rv, me.id());
      });
    }).compose(rv -> audit.recordStep(me.id(), rv.getBoolean("imminent", false) ? "hotline.reveal.review"
        : "hotline.reveal.approve", id, new JsonObject().put("caseId", rv.getString("caseId"))).map(v -> Reveals.view(rv)));
  }

  Future<JsonObject> getReveal(Principal me, String id) {
    return reveals.find(id).compose(rv -> {
      if (!me.id().equals(rv.getString("requesterId")) || !rv.getBoolean("open", false)) {
        return Future.succeededFuture(Reveals.view(rv));
      }
      return reveal(me, rv);
    });
  }

  /** The identity itself: only to the requester, only when approved or imminent; every look is audited. */
  private Future<JsonObject> reveal(Principal me, JsonObject rv) {
    return reveals.identity(rv).compose(identity -> audit.recordStep(me.id(), "hotline.reveal.view",
            rv.getString("_id"), new JsonObject().put("caseId", rv.getString("caseId")))
        .map(v -> Reveals.view(rv).put("identity", identity)));
  }

  /** A student's own record: every reveal of their identity (when, imminent or approved), no staff names. */
  Future<JsonObject> myReveals(Principal me) {
    return reveals.aboutStudent(me.id()).map(list -> new JsonObject().put("items", new JsonArray(list)));
  }

  /**
   * A notification to a guardian or the school, recorded: who, when, to whom, and which minimum facts were given
   * (codes from a fixed list, never free text about the student).
   */
  Future<JsonObject> recordContact(Principal me, String caseId, JsonObject body) {
    JsonObject contact = new JsonObject().put("to", body.getString("to")).put("by", me.id())
        .put("at", Times.iso(Instant.now())).put("facts", body.getJsonArray("facts", new JsonArray()))
        .put("channel", body.getString("channel", "phone"));
    return cases.find(caseId).compose(c -> cases.change(c, new JsonObject(),
            CaseBook.step(me.id(), "contacted", new JsonObject().put("to", contact.getString("to"))),
            new JsonObject().put("contacts", contact)))
        .compose(c -> audit.recordStep(me.id(), "hotline.case.contact", caseId, new JsonObject()
            .put("to", contact.getString("to")).put("facts", contact.getJsonArray("facts"))).map(v -> CaseBook.view(c)));
  }
}
