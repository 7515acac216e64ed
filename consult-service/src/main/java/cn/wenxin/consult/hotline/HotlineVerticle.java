package cn.wenxin.consult.hotline;

import cn.wenxin.consult.audit.AuditLog;
import cn.wenxin.consult.consent.Guardianship;
import cn.wenxin.consult.directory.Times;
import cn.wenxin.consult.risk.RiskAlerts;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceClient;
import cn.wenxin.infra.bus.ServiceEndpoint;
import cn.wenxin.infra.bus.ServiceReply;
import cn.wenxin.infra.bus.ServiceRequest;
import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.metrics.WenxinMetrics;
import cn.wenxin.infra.mongo.Mongo;
import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.security.Role;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The hotline: the talk-now queue (risk first, then waiting time), "help next", the duty roster, risk alerts with
 * SLA escalation, warm hand-off; crisis cases, referral and break-glass identity reveals under dual control are
 * {@link CaseDesk}'s.
 * Every step goes into the audit chain. Alerts come in on {@link Addresses#RISK_ALERTS} from any source (sessions,
 * the queue, livestream questions) and are also caught up from {@code risk_alerts} by the poller, so one published
 * while this node was down is not lost.
 */
public class HotlineVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(HotlineVerticle.class);
  /** Minutes one talk-now conversation takes on average, for the honest wait estimate shown to the student. */
  static final int MINUTES_PER_TALK = 12;
  /** Demo roster: a hotline worker, a crisis expert and a duty lead on duty at every hour. */
  static final List<String[]> DEMO_ROSTER = List.of(new String[] {"hot-01", "hotline"},
      new String[] {"hot-02", "crisis"}, new String[] {"hot-03", "lead"});

  private WenxinConfig.Hotline settings;
  private WenxinConfig config;
  private TalkQueue queue;
  private Roster roster;
  private AlertDesk alerts;
  private CaseBook cases;
  private Reveals reveals;
  private AuditLog audit;
  private RiskAlerts riskAlerts;
  private CaseNotes notes;
  private CaseDesk caseDesk;
  private cn.wenxin.consult.privacy.FieldCrypto crypto;
  private ServiceClient bus;
  private WenxinMetrics metrics;
  private MessageConsumer<JsonObject> alertConsumer;
  private long pollTimer = -1;
  private boolean polling;

  @Override
  public Future<?> start() {
    config = WenxinConfig.from(config());
    settings = WenxinConfig.Hotline.from(config());
    MongoClient mongo = Mongo.client(vertx, config);
    queue = new TalkQueue(mongo);
    roster = new Roster(mongo, config.service().defaultZone());
    alerts = new AlertDesk(mongo, settings.alertSla());
    cases = new CaseBook(mongo);
    audit = new AuditLog(mongo);
    reveals = new Reveals(mongo, new Guardianship(mongo));
    riskAlerts = new RiskAlerts(vertx, mongo);
    bus = new ServiceClient(vertx);
    metrics = WenxinMetrics.of(vertx, config());
    Future<Void> demo = Future.succeededFuture();
    if (config.demo().enabled()) {
      for (String[] r : DEMO_ROSTER) {
        demo = demo.compose(v -> roster.seed(r[0], r[1]));
      }
    }
    alertConsumer = vertx.eventBus().consumer(Addresses.RISK_ALERTS, m -> admitAlert(m.body()));
    pollTimer = vertx.setPeriodic(settings.poll().toMillis(), t -> poll());
    Future<Void> seeded = demo;
    return cn.wenxin.consult.privacy.FieldCrypto.open(vertx, config).compose(c -> {
      crypto = c;
      notes = new CaseNotes(mongo, c);
      caseDesk = new CaseDesk(queue, alerts, cases, notes, reveals, roster, audit, settings.caseRetention());
      return seeded;
    }).compose(v -> alertConsumer.completion()).compose(v -> endpoint().bind(vertx));
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(pollTimer);
    Future<Void> consumer = alertConsumer == null ? Future.succeededFuture() : alertConsumer.unregister();
    return consumer.compose(v -> crypto == null ? Future.succeededFuture() : crypto.close());
  }

  private ServiceEndpoint endpoint() {
    return new ServiceEndpoint(Addresses.HOTLINE)
        .on("talkNowStart", r -> start(r.caller(Role.STUDENT), r.bodyObject()))
        .on("talkNowStatus", r -> status(r.caller(Role.STUDENT), r.requiredParam("id")))
        .on("talkNowLeave", r -> leave(r.caller(Role.STUDENT), r.requiredParam("id")))
        .on("hotlineConsole", r -> console(r.caller(Role.HOTLINE)))
        .on("hotlineAvailability", r -> availability(r.caller(Role.HOTLINE), r.bodyObject()))
        .on("hotlineHelpNext", r -> helpNext(r.caller(Role.HOTLINE)))
        .on("hotlineRaiseRisk", r -> raiseRisk(r.caller(Role.HOTLINE), r.requiredParam("id"), r.bodyObject()))
        .on("hotlineHandOff", r -> handOff(r.caller(Role.HOTLINE), r.requiredParam("id")))
        .on("hotlineEndChat", r -> endChat(r.caller(Role.HOTLINE), r.requiredParam("id")))
        .on("hotlineAckAlert", r -> ack(r.caller(Role.HOTLINE, Role.ADMIN), r.requiredParam("id")))
        .on("hotlineOpenCase", r -> caseDesk.openCase(r.caller(Role.HOTLINE), r.bodyObject()))
        .on("hotlineGetCase", r -> caseDesk.getCase(r.caller(Role.HOTLINE, Role.ADMIN), r.requiredParam("id")))
        .on("hotlineAssessCase", r -> caseDesk.assess(r.caller(Role.HOTLINE), r.requiredParam("id"), r.bodyObject()))
        .on("hotlineCaseStatus", r -> caseDesk.caseStatus(r.caller(Role.HOTLINE), r.requiredParam("id"), r.bodyObject()))
        .on("hotlineReferral", r -> caseDesk.referral(r.caller(Role.HOTLINE), r.requiredParam("id"), r.bodyObject()))
        .on("hotlineFollowUp", r -> caseDesk.followUp(r.caller(Role.HOTLINE), r.requiredParam("id"), r.bodyObject()))
        .on("hotlineRequestReveal", r -> caseDesk.requestReveal(r.caller(Role.HOTLINE), r.requiredParam("id"), r.bodyObject()))
        .on("hotlineApproveReveal", r -> caseDesk.approveReveal(r.caller(Role.HOTLINE, Role.ADMIN), r.requiredParam("id")))
        .on("hotlineGetReveal", r -> caseDesk.getReveal(r.caller(Role.HOTLINE, Role.ADMIN), r.requiredParam("id")))
        .on("hotlineRoster", r -> rosterView(r.caller(Role.HOTLINE, Role.ADMIN)))
        .on("hotlineSetRoster", r -> setRoster(r.caller(Role.ADMIN), r.requiredParam("id"), r.bodyObject()))
        .on("hotlineAddNote", r -> caseDesk.addNote(r.caller(Role.HOTLINE), r.requiredParam("id"), r.bodyObject()))
        .on("hotlineCaseNotes", r -> caseDesk.readNotes(r.caller(Role.HOTLINE), r.requiredParam("id")))
        .on("hotlineLegalHold", r -> caseDesk.legalHold(r.caller(Role.ADMIN), r.requiredParam("id"), r.bodyObject()))
        .on("hotlineMyReveals", r -> caseDesk.myReveals(r.caller(Role.STUDENT)))
        .on("hotlineRecordContact", r -> caseDesk.recordContact(r.caller(Role.HOTLINE), r.requiredParam("id"), r.bodyObject()))
        .on("auditVerify", r -> auditVerify(r.caller(Role.ADMIN, Role.HOTLINE)));
  }

  // --- the student's side: talk now

  private Future<ServiceReply> start(Principal me, JsonObject body) {
    String opening = body.getString("opening", "");
    String id = UUID.randomUUID().toString();
    String label = me.anonymous() ? "匿名同学" : (me.displayName() == null ? "同学" : me.displayName());
    JsonObject open = new JsonObject().put("talkId", id).put("studentId", me.id()).put("studentLabel", label)
        .put("opening", opening).put("window", settings.chatWindow().toSeconds());
    return bus.<JsonObject>ask(Addresses.SESSIONS, "hotlineOpen", ServiceRequest.of(null, new JsonObject(), open))
        .compose(chat -> queue.insert(new JsonObject().put("_id", id).put("studentId", me.id())
            .put("anonymous", me.anonymous()).put("state", TalkQueue.WAITING).put("risk", chat.getInteger("level", 0))
            .put("enqueuedAt", Times.iso(Instant.now())).put("studentLabel", label)))
        .compose(t -> audit.recordStep(me.id(), "hotline.talk.start", id,
            new JsonObject().put("risk", t.getInteger("risk"))).map(t))
        .compose(t -> {
          announce("queue", t.getInteger("risk", 0));
          return status(me, id).map(s -> new ServiceReply(201, null, s));
        });
  }

  private Future<JsonObject> ownTalk(Principal me, String id) {
    return queue.find(id).compose(t -> t == null || !me.id().equals(t.getString("studentId"))
        ? Future.failedFuture(ProblemException.notFound("No such talk")) : Future.succeededFuture(t));
  }

  /** Place, an honest estimate of the wait, and whether to show the phone numbers at once. */
  private Future<JsonObject> status(Principal me, String id) {
    return ownTalk(me, id).compose(t -> Future.all(queue.waiting(), roster.onDuty("hotline"), roster.onDuty("crisis"))
        .map(all -> {
          List<JsonObject> waiting = all.resultAt(0);
          int staff = ((List<?>) all.resultAt(1)).size() + ((List<?>) all.resultAt(2)).size();
          JsonObject s = new JsonObject().put("id", id).put("sessionId", id).put("state", t.getString("state"))
              .put("onDuty", staff);
          if (TalkQueue.WAITING.equals(t.getString("state"))) {
            int position = 1;
            for (JsonObject w : waiting) {
              if (w.getString("_id").equals(id)) {
                break;
              }
              position++;
            }
            // An estimate, said as such: the first in line waits for a press of "help next" (a couple of minutes);
            // each further round of the on-duty people takes about MINUTES_PER_TALK.
            int wait = staff == 0 ? -1 : (position - 1) / staff * MINUTES_PER_TALK + 2;
            s.put("position", position).put("waitMinutes", wait)
                .put("showPhones", staff == 0 || wait > settings.longWaitMinutes());
          } else {
            s.put("showPhones", false);
          }
          return s;
        }));
  }

  private Future<JsonObject> leave(Principal me, String id) {
    return ownTalk(me, id).compose(t -> queue.end(id, me.id())).compose(t -> {
      if (t == null) {
        return Future.succeededFuture(new JsonObject().put("state", TalkQueue.ENDED));
      }
      return endSession(id, me.id()).compose(v -> freeSeats(t))
          .compose(v -> audit.recordStep(me.id(), "hotline.talk.leave", id, null))
          .map(v -> {
            announce("queue", 0);
            return new JsonObject().put("state", TalkQueue.ENDED);
          });
    });
  }

  // --- the staff's side

  private Future<JsonObject> console(Principal me) {
    return Future.all(List.of(queue.waiting(), alerts.open(), queue.takenBy(me.id()), cases.list(false),
        roster.onDuty(), queue.staff(me.id()), roster.dutyOf(me.id()), reveals.pending())).map(all -> {
          JsonArray q = new JsonArray();
          int pos = 1;
          Instant now = Instant.now();
          for (JsonObject t : all.<List<JsonObject>>resultAt(0)) {
            q.add(new JsonObject().put("id", t.getString("_id")).put("position", pos++)
                .put("risk", t.getInteger("risk", 0)).put("anonymous", t.getBoolean("anonymous", false))
                .put("label", t.getString("studentLabel")).put("enqueuedAt", t.getString("enqueuedAt"))
                .put("waitingSeconds", Duration.between(Instant.parse(t.getString("enqueuedAt")), now).toSeconds()));
          }
          JsonArray a = new JsonArray();
          all.<List<JsonObject>>resultAt(1).forEach(x -> a.add(alertView(x)));
          JsonArray chats = new JsonArray();
          all.<List<JsonObject>>resultAt(2).forEach(t -> chats.add(new JsonObject().put("id", t.getString("_id"))
              .put("sessionId", t.getString("_id")).put("risk", t.getInteger("risk", 0))
              .put("label", t.getString("studentLabel")).put("holder", me.id().equals(t.getString("takenBy")))
              .put("caseId", t.getString("caseId"))));
          JsonArray cs = new JsonArray();
          all.<List<JsonObject>>resultAt(3).forEach(c -> cs.add(CaseBook.view(c)));
          JsonArray duty = new JsonArray();
          all.<List<JsonObject>>resultAt(4).forEach(r -> duty.add(new JsonObject().put("id", r.getString("_id"))
              .put("duty", r.getString("duty"))));
          JsonObject staff = all.resultAt(5);
          JsonArray toApprove = new JsonArray();
          all.<List<JsonObject>>resultAt(7).stream().filter(rv -> !me.id().equals(rv.getString("requesterId")))
              .forEach(rv -> toApprove.add(Reveals.view(rv)));
          return new JsonObject().put("queue", q).put("reveals", toApprove).put("alerts", a).put("chats", chats).put("cases", cs)
              .put("onDuty", duty).put("me", new JsonObject().put("duty", (String) all.resultAt(6))
                  .put("available", staff.getBoolean("available", true)).put("chatCap", settings.chatCap())
                  .put("chats", staff.getJsonArray("chats", new JsonArray()).size()));
        });
  }

  private static JsonObject alertView(JsonObject x) {
    return new JsonObject().put("id", x.getString("_id")).put("source", x.getString("source"))
        .put("sessionId", x.getString("sessionId")).put("level", x.getInteger("level"))
        .put("terms", x.getJsonArray("terms")).put("raisedAt", x.getString("raisedAt"))
        .put("tier", x.getInteger("tier", 0)).put("dueAt", x.getString("dueAt")).put("state", x.getString("state"));
  }

  private Future<JsonObject> availability(Principal me, JsonObject body) {
    boolean available = body.getBoolean("available", true);
    return queue.setAvailable(me.id(), available)
        .compose(v -> audit.recordStep(me.id(), available ? "hotline.staff.available" : "hotline.staff.away", me.id(),
            null))
        .map(v -> new JsonObject().put("available", available));
  }

  /** The most urgent waiting person, for an on-duty, available staff member with a free seat. */
  private Future<JsonObject> helpNext(Principal me) {
    return Future.all(roster.dutyOf(me.id()), queue.staff(me.id())).compose(x -> {
      String duty = x.resultAt(0);
      JsonObject staff = x.resultAt(1);
      if (duty == null) {
        return Future.failedFuture(ProblemException.conflict("You are not on duty this hour").withCode("not_on_duty"));
      }
      if (!staff.getBoolean("available", true)) {
        return Future.failedFuture(ProblemException.conflict("You are marked away").withCode("staff_away"));
      }
      // The seat first (a token of this press), then the person: a press over the cap never takes anyone, so the
      // order of the queue holds under concurrent presses.
      String seat = "seat:" + UUID.randomUUID();
      return queue.takeSeat(me.id(), seat, settings.chatCap()).compose(seated -> {
        if (!seated) {
          return Future.failedFuture(chatCapFull());
        }
        return queue.takeNext(me.id())
            .recover(err -> queue.freeSeat(me.id(), seat).compose(v -> Future.failedFuture(err)))
            .compose(t -> t == null
                ? queue.freeSeat(me.id(), seat).map(v -> new JsonObject().putNull("talk"))
                : queue.seatFor(me.id(), seat, t.getString("_id")).compose(v -> taken(me, t)));
      });
    });
  }

  private Future<JsonObject> taken(Principal me, JsonObject t) {
    String id = t.getString("_id");
    metrics.queueWait(Duration.between(Instant.parse(t.getString("enqueuedAt")), Instant.now()));
    return addToChat(id, me.id(), true)
        .compose(v -> audit.recordStep(me.id(), "hotline.talk.take", id,
            new JsonObject().put("risk", t.getInteger("risk", 0))))
        .map(v -> {
          announce("queue", 0);
          vertx.eventBus().publish(Addresses.userInbox(t.getString("studentId")), new JsonObject()
              .put("type", "hotline.talk").put("talkId", id).put("state", TalkQueue.TAKEN));
          return new JsonObject().put("talk", new JsonObject().put("id", id).put("sessionId", id)
              .put("risk", t.getInteger("risk", 0)).put("label", t.getString("studentLabel")));
        });
  }

  private static ProblemException chatCapFull() {
    return ProblemException.conflict("You hold as many chats as one person may").withCode("chat_cap_reached");
  }

  private Future<Void> addToChat(String talkId, String staffId, boolean holder) {
    return bus.ask(Addresses.SESSIONS, "hotlineAddStaff", ServiceRequest.of(null, new JsonObject(),
        new JsonObject().put("sessionId", talkId).put("staffId", staffId).put("holder", holder))).mapEmpty();
  }

  private Future<JsonObject> raiseRisk(Principal me, String id, JsonObject body) {
    int level = Math.max(0, Math.min(5, body.getInteger("level", 0)));
    return queue.forStaff(me, id).compose(t -> queue.raise(id, level, me.id()))
        .compose(t -> audit.recordStep(me.id(), "hotline.talk.raise_risk", id, new JsonObject().put("level", level))
            .map(v -> {
              announce("queue", level);
              return new JsonObject().put("risk", t.getInteger("risk"));
            }));
  }

  /** Warm hand-off: the on-duty crisis expert joins the same chat and holds it; the worker stays in until they leave. */
  private Future<JsonObject> handOff(Principal me, String id) {
    return queue.forStaff(me, id).compose(t -> roster.onDuty("crisis").compose(experts -> {
      List<String> others = experts.stream().filter(e -> !e.equals(me.id())).toList();
      if (others.isEmpty()) {
        return Future.failedFuture(ProblemException.conflict("No crisis expert is on duty now")
            .withCode("no_crisis_expert"));
      }
      String expert = others.get(0);
      return queue.addStaff(id, expert, true)
          .compose(x -> x == null ? Future.failedFuture(ProblemException.conflict("The chat has ended")
              .withCode("chat_ended")) : Future.succeededFuture(x))
          .compose(x -> addToChat(id, expert, true))
          // A hand-off is never refused for a full cap: the seat is pushed without it, then the worker's is freed.
          .compose(v -> queue.takeSeat(expert, id, Integer.MAX_VALUE / 2))
          .compose(v -> queue.freeSeat(me.id(), id))
          .compose(v -> t.getString("caseId") == null ? Future.succeededFuture()
              : cases.find(t.getString("caseId")).compose(c -> cases.change(c,
                  new JsonObject().put("assigneeId", expert),
                  CaseBook.step(me.id(), "handed_over", new JsonObject().put("to", expert)), null)).mapEmpty())
          .compose(v -> audit.recordStep(me.id(), "hotline.talk.handoff", id, new JsonObject().put("to", expert)
              .put("caseId", t.getString("caseId"))))
          .map(v -> {
            vertx.eventBus().publish(Addresses.userInbox(expert), new JsonObject().put("type", "hotline.changed")
                .put("what", "handoff").put("talkId", id).put("level", t.getInteger("risk", 0)));
            return new JsonObject().put("to", expert).put("sessionId", id);
          });
    }));
  }

  private Future<JsonObject> endChat(Principal me, String id) {
    return queue.forStaff(me, id).compose(t -> queue.end(id, me.id())).compose(t -> {
      if (t == null) {
        return Future.succeededFuture(new JsonObject().put("state", TalkQueue.ENDED));
      }
      return endSession(id, me.id()).compose(v -> freeSeats(t))
          .compose(v -> audit.recordStep(me.id(), "hotline.talk.end", id, null))
          .map(v -> {
            // The student's page learns at once that the chat has ended (it shows the lines and a way to start again).
            vertx.eventBus().publish(Addresses.userInbox(t.getString("studentId")), new JsonObject()
                .put("type", "hotline.talk").put("talkId", id).put("state", TalkQueue.ENDED));
            return new JsonObject().put("state", TalkQueue.ENDED);
          });
    });
  }

  private Future<Void> endSession(String id, String by) {
    return bus.ask(Addresses.SESSIONS, "hotlineEnd", ServiceRequest.of(null, new JsonObject(),
        new JsonObject().put("sessionId", id).put("by", by))).<Void>mapEmpty()
        .recover(err -> {
          log.warn("Hotline chat {} not ended now ({}); its window closes it", id, err.getMessage());
          return Future.succeededFuture();
        });
  }

  private Future<Void> freeSeats(JsonObject talk) {
    List<Future<Void>> all = new ArrayList<>();
    talk.getJsonArray("staffIds", new JsonArray()).forEach(s -> all.add(queue.freeSeat((String) s, talk.getString("_id"))));
    return Future.all(all).mapEmpty();
  }

  // --- alerts

  private void admitAlert(JsonObject riskAlert) {
    alerts.admit(riskAlert).onSuccess(a -> {
      if (a == null) {
        return;
      }
      // An alert from the queue also raises that talk's place (risk only rises).
      if ("queue".equals(a.getString("source"))) {
        queue.raise(a.getString("sessionId"), a.getInteger("level", 0), "lexicon")
            .onFailure(err -> log.warn("Queue risk not raised: {}", err.getMessage()));
      }
      audit.recordStep("system", "hotline.alert.raised", a.getString("_id"), new JsonObject()
          .put("source", a.getString("source")).put("level", a.getInteger("level")));
      announce("alert", a.getInteger("level", 0));
    }).onFailure(err -> log.error("Risk alert not taken in by the hotline: {}", err.toString()));
  }

  /** Catches up alerts not heard live, then escalates those past their SLA. Deadlines are in MongoDB: restart-safe. */
  Future<Void> poll() {
    if (polling) {
      return Future.succeededFuture();
    }
    polling = true;
    Instant now = Instant.now();
    // Other nodes change the queue and the alerts too: each poll reads the cluster-wide counts afresh.
    metrics.queueLength(queue.countWaiting());
    metrics.pendingAlerts(alerts.countOpen());
    return riskAlerts.since(now.minus(Duration.ofHours(24)))
        .compose(list -> Future.join(list.stream().map(a -> alerts.admit(a).onSuccess(x -> {
          if (x != null) {
            announce("alert", x.getInteger("level", 0));
          }
        })).toList()).recover(err -> Future.succeededFuture()))
        .compose(v -> alerts.due(now))
        .compose(due -> Future.join(due.stream().map(a -> escalate(a, now)).toList()))
        .compose(v -> cases.followUpsDue(now))
        .compose(due -> Future.join(due.stream().map(c -> remindFollowUps(c, now)).toList()))
        .compose(v -> notes.dueForSealing(now))
        .compose(due -> Future.join(due.stream().map(c -> notes.seal(c).compose(sealed -> !sealed
            ? Future.<Void>succeededFuture()
            // The destruction record: which case, when, why; the notes and the assessment are gone.
            : audit.recordAccess("system", "hotline.case.sealed", c.getString("_id"), "retention"))).toList()))
        .<Void>mapEmpty()
        .onFailure(err -> log.warn("Hotline poll failed: {}", err.getMessage()))
        .onComplete(x -> polling = false);
  }

  /**
   * Reminds the case's assignee of each due follow-up: a stored notification whose id is the follow-up's, so a
   * poller that dies between the two steps and runs again sends no second one.
   */
  private Future<Void> remindFollowUps(JsonObject c, Instant now) {
    JsonArray fs = c.getJsonArray("followUps", new JsonArray());
    List<Future<Object>> sent = new ArrayList<>();
    for (int i = 0; i < fs.size(); i++) {
      JsonObject f = fs.getJsonObject(i);
      if (f.getBoolean("reminded", true) || Instant.parse(f.getString("dueAt")).isAfter(now)) {
        continue;
      }
      int index = i;
      String to = c.getString("assigneeId");
      sent.add(bus.ask(Addresses.NOTIFICATIONS, "notify", ServiceRequest.of(null, new JsonObject(), new JsonObject()
              .put("id", "hotline-followup-" + c.getString("_id") + "-" + i).put("userId", to)
              .put("type", "hotline_follow_up_due").put("title", "回访提醒 / Follow-up due")
              .put("body", "L" + c.getInteger("level", 0)).put("data", new JsonObject().put("caseId", c.getString("_id")))))
          .compose(x -> cases.markReminded(c.getString("_id"), index)).map(x -> (Object) x));
    }
    return Future.join(sent).mapEmpty();
  }

  private Future<Void> escalate(JsonObject alert, Instant now) {
    return alerts.escalate(alert, now).compose(a -> {
      if (a == null) {
        return Future.succeededFuture();
      }
      int tier = a.getInteger("tier");
      Future<List<String>> to = tier == 1 ? roster.onDuty("lead")
          : Future.all(roster.onDuty(), admins()).map(x -> {
            Set<String> s = new HashSet<>();
            x.<List<JsonObject>>resultAt(0).forEach(r -> s.add(r.getString("_id")));
            s.addAll(x.resultAt(1));
            return new ArrayList<>(s);
          });
      return to.compose(people -> {
        List<Future<Object>> sent = new ArrayList<>();
        for (String p : people) {
          // A stored notification: it waits in the bell if the person's console is closed.
          sent.add(bus.ask(Addresses.NOTIFICATIONS, "notify", ServiceRequest.of(null, new JsonObject(),
              new JsonObject().put("id", "hotline-alert-" + a.getString("_id") + "-" + p + "-"
                  + a.getJsonArray("history").size()).put("userId", p).put("type", "hotline_alert_escalated")
                  .put("title", "风险预警未及时确认 / Risk alert not acknowledged")
                  .put("body", "L" + a.getInteger("level") + " · " + a.getString("source"))
                  .put("data", new JsonObject().put("alertId", a.getString("_id")).put("tier", tier)))));
          vertx.eventBus().publish(Addresses.userInbox(p), new JsonObject().put("type", "hotline.changed")
              .put("what", "alert").put("level", a.getInteger("level")).put("escalated", tier));
        }
        return Future.join(sent).<Void>mapEmpty().recover(err -> Future.succeededFuture());
      }).compose(v -> audit.recordStep("system", "hotline.alert.escalated", a.getString("_id"),
          new JsonObject().put("tier", tier)));
    });
  }

  private Future<List<String>> admins() {
    return reveals.accountIdsByRole("admin");
  }

  private Future<JsonObject> ack(Principal me, String id) {
    return alerts.ack(id, me.id()).compose(a -> a == null
        ? Future.failedFuture(ProblemException.conflict("Already acknowledged").withCode("alert_not_open"))
        : audit.recordStep(me.id(), "hotline.alert.ack", id, null).map(v -> {
          announce("alert", 0);
          return alertView(a);
        }));
  }

  /** Tells every on-duty person's console that the queue or the alerts changed (their tab refetches). */
  private void announce(String what, int level) {
    if ("queue".equals(what)) {
      metrics.queueLength(queue.countWaiting());
    } else {
      metrics.pendingAlerts(alerts.countOpen());
    }
    roster.onDuty().onSuccess(list -> list.forEach(r -> vertx.eventBus().publish(
        Addresses.userInbox(r.getString("_id")), new JsonObject().put("type", "hotline.changed").put("what", what)
            .put("level", level))));
  }

  // --- roster and audit

  private Future<JsonObject> rosterView(Principal me) {
    return Future.all(roster.all(), reveals.staffNames()).map(x -> {
      JsonObject names = x.resultAt(1);
      JsonArray items = new JsonArray();
      x.<List<JsonObject>>resultAt(0).forEach(r -> items.add(new JsonObject().put("id", r.getString("_id"))
          .put("name", names.getString(r.getString("_id"), r.getString("_id"))).put("duty", r.getString("duty"))
          .put("hours", r.getJsonArray("hours", new JsonArray()))));
      JsonArray staff = new JsonArray();
      names.forEach(e -> staff.add(new JsonObject().put("id", e.getKey()).put("name", e.getValue())));
      return new JsonObject().put("items", items).put("staff", staff).put("hourNow", roster.hourNow());
    });
  }

  private Future<JsonObject> setRoster(Principal me, String staffId, JsonObject body) {
    return roster.set(staffId, body.getString("duty"), body.getJsonArray("hours", new JsonArray()))
        .compose(doc -> audit.record(me.id(), me.role().wire(), "hotline.roster.set", staffId).map(v -> doc));
  }

  private Future<JsonObject> auditVerify(Principal me) {
    return audit.verify().compose(r -> audit.record(me.id(), me.role().wire(), "audit.verify",
        r.getBoolean("ok") ? "ok" : "broken").map(v -> r));
  }
}
