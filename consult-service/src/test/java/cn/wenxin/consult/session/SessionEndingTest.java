package cn.wenxin.consult.session;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceEndpoint;
import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.security.Role;
import cn.wenxin.infra.shared.ChatLog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static cn.wenxin.consult.testing.ConsultFixture.as;
import static cn.wenxin.consult.testing.ConsultFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

/** How sessions end when nobody presses "end": the clock, a failed hand-off, a booking that went away. */
@ExtendWith(VertxExtension.class)
class SessionEndingTest {

  private static final Principal EXPERT = as("exp-001", Role.EXPERT);
  private SessionFixture s;
  private Vertx vertx;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    // The periodic sweep is held off so the test decides when it runs.
    s = await(SessionFixture.start(vertx, new JsonObject().put("WENXIN_SESSION_GRACE_MINUTES", "0")
        .put("WENXIN_SESSION_SWEEP_SECONDS", "3600")));
  }

  private JsonObject stored(String id) {
    return await(s.f.mongo.findOne(ConsultCollections.SESSIONS, new JsonObject().put("_id", id), null));
  }

  private String active(String studentId, Duration startedAgo) {
    String id = s.open(EXPERT, s.booking(studentId, "exp-001", startedAgo.negated(), "pseudonym")).getString("id");
    await(s.call("joinSession", as(studentId, Role.STUDENT), id, null));
    await(s.call("admitSession", EXPERT, id, null));
    return id;
  }

  @Test
  @DisplayName("an active session ends by itself when its window closes, on the timer set when it became active")
  void timerEnds() throws Exception {
    // A 50-minute slot that started 49 min 57 s ago, no grace: about three seconds left.
    String id = active("stu-050", Duration.ofMinutes(50).minusSeconds(3));
    assertThat(stored(id).getString("state")).isEqualTo("active");
    long deadline = System.currentTimeMillis() + 10_000;
    while (!"ended".equals(stored(id).getString("state")) && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
    }
    JsonObject done = stored(id);
    assertThat(done.getString("state")).isEqualTo("ended");
    assertThat(done.getJsonArray("history").getJsonObject(2).getString("by")).isEqualTo("clock");
  }

  @Test
  @DisplayName("when the transcript service fails, the live messages stay until a later sweep hands them off")
  void failedHandOffKeepsMessages() {
    AtomicInteger calls = new AtomicInteger();
    await(new ServiceEndpoint(Addresses.TRANSCRIPTS).on("sessionEnded", r -> calls.incrementAndGet() == 1
        ? Future.failedFuture(ProblemException.unavailable("storage down"))
        : Future.succeededFuture(new JsonObject())).bind(vertx));
    Principal student = as("stu-051", Role.STUDENT);
    String id = active("stu-051", Duration.ofMinutes(1));
    await(s.call("chatSend", student, id, new JsonObject().put("sessionId", id).put("clientMsgId", "a")
        .put("text", "我想说说")));
    assertThat(await(s.<JsonObject>call("endSession", student, id, null)).getString("state")).isEqualTo("ended");
    assertThat(stored(id).getString("liveMessages")).isEqualTo("pending");
    ChatLog log = await(ChatLog.of(vertx, WenxinConfig.from(s.f.config).storage()));
    assertThat(await(log.after(id, 0, 10))).hasSize(1);
    SessionLifecycle sweeper = new SessionLifecycle(vertx, new SessionStore(s.f.mongo), log, new SessionSeams(vertx));
    await(sweeper.sweep());
    assertThat(calls.get()).isEqualTo(2);
    assertThat(stored(id).getString("liveMessages")).isEqualTo("cleared");
    assertThat(await(log.after(id, 0, 10))).isEmpty();
  }

  @Test
  @DisplayName("a running session whose booking disappeared is aborted, and no further message is accepted")
  void bookingGoneAborts() {
    String id = active("stu-052", Duration.ofMinutes(1));
    JsonObject session = stored(id);
    await(s.f.mongo.removeDocument(ConsultCollections.BOOKINGS, new JsonObject().put("_id", session.getString("bookingId"))));
    await(s.f.call(Addresses.SESSIONS, "bookingChanged", null, new JsonObject(),
        new JsonObject().put("bookingId", session.getString("bookingId"))));
    assertThat(stored(id).getString("state")).isEqualTo("aborted");
    ProblemException refused = cn.wenxin.consult.testing.ConsultFixture.problem(s.call("chatSend",
        as("stu-052", Role.STUDENT), id, new JsonObject().put("sessionId", id).put("clientMsgId", "x").put("text", "在吗")));
    assertThat(refused.extensions().getString("reason")).isEqualTo("not_active");
  }

  @Test
  @DisplayName("a message sent right after the session ended on another node is refused, though this node still "
      + "remembers the session as active, and the hand-off holds every message stored before")
  void endedElsewhereTakesNoMessage() {
    Principal student = as("stu-053", Role.STUDENT);
    String id = active("stu-053", Duration.ofMinutes(1));
    // The first message makes this node remember the session as active.
    assertThat(await(s.<JsonObject>call("chatSend", student, id, new JsonObject().put("sessionId", id)
        .put("clientMsgId", "a").put("text", "在吗"))).getLong("seq")).isEqualTo(1L);
    AtomicInteger handedOff = new AtomicInteger(-1);
    await(new ServiceEndpoint(Addresses.TRANSCRIPTS).on("sessionEnded", r -> {
      handedOff.set(r.bodyObject().getJsonArray("messages", new io.vertx.core.json.JsonArray()).size());
      return Future.succeededFuture(new JsonObject());
    }).bind(vertx));
    // Another node ends it: its own store and lifecycle; it shares only the database and the chat log with this one.
    ChatLog log = await(ChatLog.of(vertx, WenxinConfig.from(s.f.config).storage()));
    SessionLifecycle elsewhere = new SessionLifecycle(vertx, new SessionStore(s.f.mongo), log, new SessionSeams(vertx));
    assertThat(await(elsewhere.move(stored(id), SessionState.ENDED, "stu-053", "end")).getString("state"))
        .isEqualTo("ended");
    for (String clientMsgId : new String[] {"b", "a"}) {
      ProblemException refused = cn.wenxin.consult.testing.ConsultFixture.problem(s.call("chatSend", student, id,
          new JsonObject().put("sessionId", id).put("clientMsgId", clientMsgId).put("text", "还有一句")));
      assertThat(refused.extensions().getString("reason")).isEqualTo("not_active");
    }
    assertThat(handedOff.get()).isEqualTo(1);
    assertThat(await(log.after(id, 0, 10))).isEmpty();
  }
}
