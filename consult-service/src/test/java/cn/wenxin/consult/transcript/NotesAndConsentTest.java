package cn.wenxin.consult.transcript;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.security.Role;
import cn.wenxin.infra.security.Secrets;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static cn.wenxin.consult.testing.ConsultFixture.as;
import static cn.wenxin.consult.testing.ConsultFixture.await;
import static cn.wenxin.consult.testing.ConsultFixture.problem;
import static cn.wenxin.consult.transcript.PrivacyFixture.EXPERT;
import static cn.wenxin.consult.transcript.PrivacyFixture.OTHER_EXPERT;
import static cn.wenxin.consult.transcript.PrivacyFixture.STUDENT;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class NotesAndConsentTest {

  private PrivacyFixture p;

  @BeforeEach
  void setUp(Vertx vertx) {
    p = PrivacyFixture.start(vertx);
  }

  private JsonObject joinCheck(String studentId) {
    return await(p.f.call(Addresses.SESSION_CONSENT, "joinCheck", null, new JsonObject(), new JsonObject()
        .put("sessionId", "ses-j").put("bookingId", "bk-j").put("studentId", studentId)));
  }

  @Test
  @DisplayName("Only the booking's expert writes and reads its note; it is stored sealed, never in clear")
  void expertOnlyNotes() {
    String booking = p.booking();
    JsonObject id = new JsonObject().put("id", booking);
    p.call("putSessionNote", EXPERT, id, new JsonObject().put("text", "first note"));
    p.call("putSessionNote", EXPERT, id, new JsonObject().put("text", "学生提到考试焦虑，下次跟进"));
    JsonObject read = p.call("getSessionNote", EXPERT, id, null);
    JsonObject stored = await(p.f.mongo.findOne(ConsultCollections.SESSION_NOTES, new JsonObject()
        .put("_id", booking), null));
    assertThat(read.getString("text")).isEqualTo("学生提到考试焦虑，下次跟进");
    assertThat(stored.encode()).doesNotContain("考试焦虑").doesNotContain("first note");
    assertThat(problem(p.f.call(Addresses.TRANSCRIPTS, "getSessionNote", OTHER_EXPERT, id, null)).status())
        .isEqualTo(404);
    assertThat(problem(p.f.call(Addresses.TRANSCRIPTS, "getSessionNote", STUDENT, id, null)).status())
        .isEqualTo(403);
    assertThat(problem(p.f.call(Addresses.TRANSCRIPTS, "putSessionNote", OTHER_EXPERT, id,
        new JsonObject().put("text", "x"))).status()).isEqualTo(404);
  }

  @Test
  @DisplayName("A note past its retention is destroyed by the sweep and can no longer be written")
  void notesSwept() {
    String booking = p.booking();
    JsonObject id = new JsonObject().put("id", booking);
    p.call("putSessionNote", EXPERT, id, new JsonObject().put("text", "to be destroyed"));
    await(p.f.mongo.updateCollection(ConsultCollections.SESSION_NOTES, new JsonObject().put("_id", booking),
        new JsonObject().put("$set", new JsonObject().put("expiresAt", "2020-01-01T00:00:00Z"))));
    JsonObject swept = p.call("sweepRetention", null, new JsonObject(), null);
    JsonObject after = p.call("getSessionNote", EXPERT, id, null);
    assertThat(swept.getInteger("notes")).isEqualTo(1);
    assertThat(after.getString("text")).isEmpty();
    assertThat(problem(p.f.call(Addresses.TRANSCRIPTS, "putSessionNote", EXPERT, id,
        new JsonObject().put("text", "again"))).status()).isEqualTo(410);
  }

  @Test
  @DisplayName("The notice is served with the SHA-256 of its exact text, and a consent names both")
  void noticeHash() {
    JsonObject notice = await(p.f.call(Addresses.SESSION_CONSENT, "getConsentNotice", STUDENT,
        new JsonObject().put("scope", "transcript").put("locale", "en"), null));
    assertThat(notice.getString("textHash")).isEqualTo(Secrets.sha256(notice.getString("text")));
    assertThat(notice.getString("text")).contains("180 days").contains("risk to life");
    String booking = p.booking();
    JsonObject decision = p.consentToKeep(booking);
    assertThat(decision.getBoolean("keep")).isTrue();
    assertThat(decision.getJsonObject("consent").getString("kind")).isEqualTo("transcript");
    assertThat(decision.getJsonObject("consent").getString("textHash")).hasSize(64);
    assertThat(p.consentToKeep(booking).getJsonObject("consent").getString("id"))
        .isEqualTo(decision.getJsonObject("consent").getString("id"));
  }

  @Test
  @DisplayName("A consent to words other than the current notice's is a 422; another student's booking a 404")
  void staleNotice() {
    String booking = p.booking();
    var stale = problem(p.f.call(Addresses.SESSION_CONSENT, "decideTranscriptConsent", STUDENT,
        new JsonObject().put("id", booking), new JsonObject().put("keep", true).put("policyVersion", "2026-11")
            .put("textHash", Secrets.sha256("older words")).put("locale", "zh-CN")));
    var foreign = problem(p.f.call(Addresses.SESSION_CONSENT, "getTranscriptConsent", as("stu-003", Role.STUDENT),
        new JsonObject().put("id", booking), null));
    assertThat(stale.status()).isEqualTo(422);
    assertThat(foreign.status()).isEqualTo(404);
  }

  @Test
  @DisplayName("A child under 14 may join only with a guardian's consent to the current policy on file")
  void guardianGate() {
    JsonObject before = joinCheck("stu-001");
    await(p.f.call(Addresses.CONSENTS, "grantConsent", PrivacyFixture.PARENT, new JsonObject(), new JsonObject()
        .put("subjectId", "stu-001").put("kind", "guardian").put("policyVersion", "2026-11")));
    assertThat(before.getBoolean("allowed")).isFalse();
    assertThat(before.getString("reason")).isEqualTo("guardian_consent_required");
    assertThat(joinCheck("stu-001").getBoolean("allowed")).isTrue();
    assertThat(joinCheck("stu-002").getBoolean("allowed")).isTrue();
  }

  @Test
  @DisplayName("A guardian consent carries the hash of the exact text shown; a stale text is a 422")
  void guardianTextHash() {
    JsonObject notice = await(p.f.call(Addresses.SESSION_CONSENT, "getConsentNotice", PrivacyFixture.PARENT,
        new JsonObject().put("scope", "guardian").put("locale", "zh-CN"), null));
    JsonObject body = new JsonObject().put("subjectId", "stu-001").put("kind", "guardian")
        .put("policyVersion", "2026-11").put("locale", "zh-CN");
    var stale = problem(p.f.call(Addresses.CONSENTS, "grantConsent", PrivacyFixture.PARENT, new JsonObject(),
        body.copy().put("textHash", Secrets.sha256("older words"))));
    JsonObject granted = await(p.f.call(Addresses.CONSENTS, "grantConsent", PrivacyFixture.PARENT,
        new JsonObject(), body.copy().put("textHash", notice.getString("textHash"))));
    assertThat(stale.status()).isEqualTo(422);
    assertThat(notice.getString("text")).contains("监护人");
    assertThat(granted.getString("textHash")).isEqualTo(Secrets.sha256(notice.getString("text")));
  }

  @Test
  @DisplayName("A parent's consent list never shows the child's own transcript consents (they would reveal bookings)")
  void parentSeesGuardianOnly() {
    p.consentToKeep(p.booking());
    JsonObject parents = await(p.f.call(Addresses.CONSENTS, "listConsents", PrivacyFixture.PARENT, new JsonObject(),
        null));
    JsonObject students = await(p.f.call(Addresses.CONSENTS, "listConsents", STUDENT, new JsonObject(), null));
    assertThat(students.getJsonArray("items")).hasSize(1);
    assertThat(parents.getJsonArray("items").encode()).doesNotContain("transcript");
  }
}
