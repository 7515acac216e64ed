package cn.wenxin.consult.session;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceEndpoint;
import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.security.Role;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static cn.wenxin.consult.testing.ConsultFixture.as;
import static cn.wenxin.consult.testing.ConsultFixture.await;
import static cn.wenxin.consult.testing.ConsultFixture.problem;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class SessionLifecycleTest {

  private static final Principal STUDENT = as("stu-020", Role.STUDENT);
  private static final Principal EXPERT = as("exp-001", Role.EXPERT);
  private SessionFixture s;
  private Vertx vertx;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    s = await(SessionFixture.start(vertx, new JsonObject().put("WENXIN_SESSION_GRACE_MINUTES", "0")));
  }

  private JsonObject stored(String id) {
    return await(s.f.mongo.findOne(ConsultCollections.SESSIONS, new JsonObject().put("_id", id), null));
  }

  @Test
  @DisplayName("scheduled, waiting, active, ended: each move is stored once in the history and pushed to both inboxes")
  void happyPath() {
    List<JsonObject> pushes = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.userInbox("stu-020"), m -> pushes.add(m.body().put("to", "s")));
    vertx.eventBus().<JsonObject>consumer(Addresses.userInbox("exp-001"), m -> pushes.add(m.body().put("to", "e")));
    JsonObject session = s.open(STUDENT, s.booking("stu-020", "exp-001", Duration.ofMinutes(5), "pseudonym"));
    String id = session.getString("id");
    assertThat(session.getString("state")).isEqualTo("scheduled");
    assertThat(await(s.<JsonObject>call("joinSession", STUDENT, id, null)).getString("state")).isEqualTo("waiting");
    assertThat(await(s.<JsonObject>call("admitSession", EXPERT, id, null)).getString("state")).isEqualTo("active");
    assertThat(await(s.<JsonObject>call("endSession", STUDENT, id, null)).getString("state")).isEqualTo("ended");
    JsonObject doc = stored(id);
    assertThat(doc.getJsonArray("history").stream().map(h -> ((JsonObject) h).getString("to")))
        .containsExactly("waiting", "active", "ended");
    assertThat(doc.getInteger("version")).isEqualTo(3);
    await(Future.future(p -> vertx.setTimer(100, t -> p.complete())));
    assertThat(pushes.stream().filter(p -> "session.state".equals(p.getString("type")))).hasSize(6);
  }

  @Test
  @DisplayName("twenty concurrent admits of one waiting student make one transition, and every caller sees active")
  void concurrentAdmits() {
    String id = s.open(EXPERT, s.booking("stu-021", "exp-001", Duration.ofMinutes(5), "pseudonym"))
        .getString("id");
    await(s.call("joinSession", as("stu-021", Role.STUDENT), id, null));
    List<Future<JsonObject>> admits = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      admits.add(s.call("admitSession", EXPERT, id, null));
    }
    await(Future.join(admits).otherwiseEmpty());
    assertThat(admits).allMatch(Future::succeeded);
    assertThat(stored(id).getJsonArray("history")).hasSize(2);
  }

  @Test
  @DisplayName("a join before the window opens is refused with too_early; someone else's session is not found")
  void windowAndStrangers() {
    JsonObject booking = s.booking("stu-022", "exp-001", Duration.ofHours(2), "pseudonym");
    String id = s.open(as("stu-022", Role.STUDENT), booking).getString("id");
    assertThat(problem(s.call("joinSession", as("stu-022", Role.STUDENT), id, null)).extensions()
        .getString("reason")).isEqualTo("too_early");
    assertThat(problem(s.call("getSession", as("stu-023", Role.STUDENT), id, null)).status()).isEqualTo(404);
    assertThat(problem(s.call("getSession", as("exp-002", Role.EXPERT), id, null)).status()).isEqualTo(404);
    assertThat(problem(s.call("bookingSession", as("stu-023", Role.STUDENT), booking.getString("_id"), null))
        .status()).isEqualTo(404);
  }

  @Test
  @DisplayName("the consent service can refuse a join, and the refusal's reason reaches the student")
  void joinGate() {
    List<JsonObject> asked = new CopyOnWriteArrayList<>();
    await(new ServiceEndpoint(Addresses.SESSION_CONSENT).on("joinCheck", r -> {
      asked.add(r.bodyObject());
      return Future.succeededFuture(new JsonObject().put("allowed", false).put("reason", "guardian_consent_missing"));
    }).bind(vertx));
    String id = s.open(EXPERT, s.booking("stu-024", "exp-001", Duration.ofMinutes(5), "pseudonym")).getString("id");
    var refused = problem(s.call("joinSession", as("stu-024", Role.STUDENT), id, null));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.extensions().getString("reason")).isEqualTo("guardian_consent_missing");
    assertThat(asked.get(0).getString("studentId")).isEqualTo("stu-024");
    assertThat(stored(id).getString("state")).isEqualTo("scheduled");
  }

  @Test
  @DisplayName("cancelling the booking cancels its session; a window that closed with nobody there is a no-show")
  void followsBookingAndClock() {
    JsonObject cancelled = s.booking("stu-025", "exp-001", Duration.ofMinutes(5), "pseudonym");
    String a = s.open(EXPERT, cancelled).getString("id");
    await(s.f.mongo.updateCollection(ConsultCollections.BOOKINGS, new JsonObject().put("_id", cancelled.getString("_id")),
        new JsonObject().put("$set", new JsonObject().put("status", "cancelled"))));
    await(s.f.call(Addresses.SESSIONS, "bookingChanged", null, new JsonObject(),
        new JsonObject().put("bookingId", cancelled.getString("_id"))));
    assertThat(stored(a).getString("state")).isEqualTo("cancelled");
    // Started 51 minutes ago: 50-minute slot, no grace: the window is closed.
    String b = s.open(EXPERT, s.booking("stu-026", "exp-001", Duration.ofMinutes(-51), "pseudonym")).getString("id");
    SessionLifecycle clock = new SessionLifecycle(vertx, new SessionStore(s.f.mongo), null, new SessionSeams(vertx));
    await(clock.sweep());
    assertThat(stored(b).getString("state")).isEqualTo("no_show");
  }

  @Test
  @DisplayName("when a session ends its messages are handed to the transcript service, then deleted from the live log")
  void handOff() throws Exception {
    List<JsonObject> handed = new CopyOnWriteArrayList<>();
    await(new ServiceEndpoint(Addresses.TRANSCRIPTS).on("sessionEnded", r -> {
      handed.add(r.bodyObject());
      return Future.succeededFuture(new JsonObject());
    }).bind(vertx));
    Principal student = as("stu-027", Role.STUDENT);
    String id = s.open(student, s.booking("stu-027", "exp-001", Duration.ofMinutes(5), "pseudonym")).getString("id");
    await(s.call("joinSession", student, id, null));
    await(s.call("admitSession", EXPERT, id, null));
    for (int i = 1; i <= 3; i++) {
      await(s.call("chatSend", i == 2 ? EXPERT : student, id, new JsonObject().put("sessionId", id)
          .put("clientMsgId", "c" + i).put("text", "消息" + i)));
    }
    await(s.call("endSession", EXPERT, id, null));
    JsonObject sent = handed.get(0);
    assertThat(sent.getString("studentLabel")).isEqualTo("蓝色海豚-1234");
    JsonArray messages = sent.getJsonArray("messages");
    assertThat(messages.stream().map(m -> ((JsonObject) m).getString("from")))
        .containsExactly("student", "expert", "student");
    JsonObject backlog = await(s.call("chatBacklog", student, id, new JsonObject().put("sessionId", id)));
    assertThat(backlog.getJsonArray("items")).isEmpty();
    assertThat(stored(id).getString("liveMessages")).isEqualTo("cleared");
  }
}
