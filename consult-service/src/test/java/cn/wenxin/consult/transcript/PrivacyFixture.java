package cn.wenxin.consult.transcript;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.consult.consent.SessionConsentVerticle;
import cn.wenxin.consult.testing.ConsultFixture;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.mongo.Mongo;
import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.security.Role;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

import static cn.wenxin.consult.testing.ConsultFixture.as;
import static cn.wenxin.consult.testing.ConsultFixture.await;

/** The booking fixture plus the consent and transcript verticles, and shortcuts for a session that ended. */
final class PrivacyFixture {

  static final Principal STUDENT = as("stu-002", Role.STUDENT);
  static final Principal EXPERT = as("exp-001", Role.EXPERT);
  static final Principal OTHER_EXPERT = as("exp-002", Role.EXPERT);
  static final Principal PARENT = as("par-001", Role.PARENT);

  final ConsultFixture f;
  final WenxinConfig config;

  private PrivacyFixture(ConsultFixture f) {
    this.f = f;
    this.config = WenxinConfig.from(f.config);
  }

  static PrivacyFixture start(Vertx vertx) {
    ConsultFixture f = await(ConsultFixture.start(vertx, new JsonObject()));
    DeploymentOptions opts = new DeploymentOptions().setConfig(f.config);
    await(vertx.deployVerticle(new SessionConsentVerticle(), opts)
        .compose(v -> vertx.deployVerticle(new TranscriptVerticle(), opts)));
    return new PrivacyFixture(f);
  }

  String mongoUri() {
    return Mongo.uri(f.vertx, config);
  }

  /** A booking of stu-002 with exp-001 (only the fields the privacy verticles read). */
  String booking() {
    String id = "bk-" + UUID.randomUUID();
    await(f.mongo.insert(ConsultCollections.BOOKINGS, new JsonObject().put("_id", id).put("studentId", "stu-002")
        .put("expertId", "exp-001").put("status", "confirmed")));
    return id;
  }

  JsonObject consentToKeep(String bookingId) {
    JsonObject notice = await(f.call(Addresses.SESSION_CONSENT, "getConsentNotice", STUDENT,
        new JsonObject().put("scope", "transcript").put("locale", "zh-CN"), null));
    return await(f.call(Addresses.SESSION_CONSENT, "decideTranscriptConsent", STUDENT,
        new JsonObject().put("id", bookingId), new JsonObject().put("keep", true)
            .put("policyVersion", notice.getString("policyVersion")).put("textHash", notice.getString("textHash"))
            .put("locale", "zh-CN")));
  }

  Future<JsonObject> end(String sessionId, String bookingId, String... texts) {
    JsonArray messages = new JsonArray();
    for (int i = 0; i < texts.length; i++) {
      messages.add(new JsonObject().put("seq", i + 1).put("from", i % 2 == 0 ? "student" : "expert")
          .put("text", texts[i]).put("at", "2026-11-30T09:0" + i + ":00Z"));
    }
    return f.call(Addresses.TRANSCRIPTS, "sessionEnded", null, new JsonObject(), new JsonObject()
        .put("sessionId", sessionId).put("bookingId", bookingId).put("studentId", "stu-002")
        .put("expertId", "exp-001").put("studentLabel", "蓝色海豚-3817").put("expertLabel", "王晓明")
        .put("messages", messages));
  }

  <T> T call(String action, Principal who, JsonObject params, Object body) {
    return await(f.call(Addresses.TRANSCRIPTS, action, who, params, body));
  }

  long count(String collection, JsonObject filter) {
    return await(f.mongo.count(collection, filter));
  }
}
