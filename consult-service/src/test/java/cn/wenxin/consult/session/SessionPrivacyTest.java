package cn.wenxin.consult.session;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.consult.consent.SessionConsentVerticle;
import cn.wenxin.consult.risk.RiskScreen;
import cn.wenxin.consult.testing.ConsultFixture;
import cn.wenxin.consult.transcript.TranscriptVerticle;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.security.Role;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static cn.wenxin.consult.testing.ConsultFixture.as;
import static cn.wenxin.consult.testing.ConsultFixture.await;
import static cn.wenxin.consult.testing.ConsultFixture.problem;
import static org.assertj.core.api.Assertions.assertThat;

/** A real session with the consent and transcript verticles and the in-process risk screen in its seams. */
@ExtendWith(VertxExtension.class)
class SessionPrivacyTest {

  private static final Principal EXPERT = as("exp-001", Role.EXPERT);
  private SessionFixture s;
  private Vertx vertx;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    ConsultFixture f = await(ConsultFixture.start(vertx, new JsonObject()));
    DeploymentOptions opts = new DeploymentOptions().setConfig(f.config);
    await(vertx.deployVerticle(new SessionConsentVerticle(), opts)
        .compose(v -> vertx.deployVerticle(new TranscriptVerticle(), opts))
        // No RiskVerticle: the session reads the lexicon itself, so a message is flagged with no service to ask.
        .compose(v -> vertx.deployVerticle(new SessionVerticle(RiskScreen.inProcess()), opts)));
    s = new SessionFixture(f);
  }

  private String activeSession(String studentId) {
    String id = s.open(EXPERT, s.booking(studentId, "exp-001", Duration.ofMinutes(5), "pseudonym")).getString("id");
    await(s.call("joinSession", as(studentId, Role.STUDENT), id, null));
    await(s.call("admitSession", EXPERT, id, null));
    return id;
  }

  private void say(String studentId, String sessionId, String text) {
    await(s.f.call(Addresses.SESSIONS, "chatSend", as(studentId, Role.STUDENT), new JsonObject(), new JsonObject()
        .put("sessionId", sessionId).put("clientMsgId", "m-" + text.hashCode()).put("text", text)));
  }

  @Test
  @DisplayName("A child under 14 without a guardian's consent is refused at the door, and let in once it is on file")
  void guardianGate() {
    JsonObject booking = s.booking("stu-001", "exp-001", Duration.ofMinutes(5), "pseudonym");
    String id = s.open(EXPERT, booking).getString("id");
    var refused = problem(s.call("joinSession", as("stu-001", Role.STUDENT), id, null));
    await(s.f.call(Addresses.CONSENTS, "grantConsent", as("par-001", Role.PARENT), new JsonObject(), new JsonObject()
        .put("subjectId", "stu-001").put("kind", "guardian").put("policyVersion", "2026-11")));
    JsonObject joined = await(s.call("joinSession", as("stu-001", Role.STUDENT), id, null));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.extensions().getString("reason")).isEqualTo("guardian_consent_required");
    assertThat(joined.getString("state")).isEqualTo("waiting");
  }

  @Test
  @DisplayName("A risky student message reaches the expert flagged, and one alert is stored without its text")
  void riskyMessage() {
    String id = activeSession("stu-010");
    List<JsonObject> frames = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.chat(id), m -> frames.add(m.body()));
    say("stu-010", id, "今天考试还行");
    say("stu-010", id, "其实我不想活了");
    JsonObject alert = await(s.f.mongo.findOne(ConsultCollections.RISK_ALERTS,
        new JsonObject().put("sessionId", id), null));
    JsonObject backlog = await(s.f.call(Addresses.SESSIONS, "chatBacklog", EXPERT, new JsonObject(),
        new JsonObject().put("sessionId", id).put("after", 0)));
    JsonObject risky = backlog.getJsonArray("items").getJsonObject(1);
    assertThat(backlog.getJsonArray("items").getJsonObject(0).containsKey("risk")).isFalse();
    assertThat(risky.getJsonObject("risk").getBoolean("flagged")).isTrue();
    assertThat(risky.getJsonObject("risk").getInteger("level")).isEqualTo(2);
    assertThat(alert.getInteger("level")).isEqualTo(2);
    assertThat(alert.encode()).doesNotContain("其实").doesNotContain("stu-010");
  }

  @Test
  @DisplayName("At the end a consented session's messages become a sealed transcript; without consent, nothing")
  void endKeepsOnlyWithConsent() {
    String kept = activeSession("stu-011");
    JsonObject notice = await(s.f.call(Addresses.SESSION_CONSENT, "getConsentNotice", null,
        new JsonObject().put("scope", "transcript"), null));
    String bookingId = await(s.f.mongo.findOne(ConsultCollections.SESSIONS, new JsonObject().put("_id", kept),
        null)).getString("bookingId");
    await(s.f.call(Addresses.SESSION_CONSENT, "decideTranscriptConsent", as("stu-011", Role.STUDENT),
        new JsonObject().put("id", bookingId), new JsonObject().put("keep", true)
            .put("policyVersion", notice.getString("policyVersion")).put("textHash", notice.getString("textHash"))));
    say("stu-011", kept, "请帮我保存这段话");
    await(s.call("endSession", as("stu-011", Role.STUDENT), kept, null));
    String dropped = activeSession("stu-012");
    say("stu-012", dropped, "这段话不要保存");
    await(s.call("endSession", EXPERT, dropped, null));
    JsonObject transcript = await(s.f.call(Addresses.TRANSCRIPTS, "getTranscript", as("stu-011", Role.STUDENT),
        new JsonObject().put("id", kept), null));
    assertThat(transcript.getJsonArray("messages").getJsonObject(0).getString("text")).isEqualTo("请帮我保存这段话");
    assertThat(await(s.f.mongo.count(ConsultCollections.TRANSCRIPTS, new JsonObject().put("_id", dropped))))
        .isZero();
  }
}
