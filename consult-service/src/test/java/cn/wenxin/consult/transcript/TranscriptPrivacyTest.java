package cn.wenxin.consult.transcript;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.consult.privacy.FieldCrypto;
import cn.wenxin.infra.bus.Addresses;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.vault.ClientEncryption;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static cn.wenxin.consult.testing.ConsultFixture.await;
import static cn.wenxin.consult.testing.ConsultFixture.problem;
import static cn.wenxin.consult.transcript.PrivacyFixture.EXPERT;
import static cn.wenxin.consult.transcript.PrivacyFixture.OTHER_EXPERT;
import static cn.wenxin.consult.transcript.PrivacyFixture.PARENT;
import static cn.wenxin.consult.transcript.PrivacyFixture.STUDENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(VertxExtension.class)
class TranscriptPrivacyTest {

  private static final String SECRET = "my-secret-is-a-purple-cat-4711";
  private static final String SECRET_ZH = "我把日记藏在钢琴后面";

  private PrivacyFixture p;

  @BeforeEach
  void setUp(Vertx vertx) {
    p = PrivacyFixture.start(vertx);
  }

  @Test
  @DisplayName("A session ended without consent leaves no transcript, only an audit line that nothing was kept")
  void noConsentNoTranscript() {
    String booking = p.booking();
    JsonObject r = await(p.end("ses-1", booking, SECRET, "我在听"));
    assertThat(r.getBoolean("kept")).isFalse();
    assertThat(p.count(ConsultCollections.TRANSCRIPTS, new JsonObject())).isZero();
    assertThat(p.count(ConsultCollections.AUDIT_LOG, new JsonObject().put("action", "transcript.not_kept")
        .put("targetId", "ses-1"))).isEqualTo(1);
  }

  @Test
  @DisplayName("A kept transcript holds no plaintext: not in the raw BSON, not in the H2 file, while its ids are")
  void noPlaintextAtRest(Vertx vertx) throws Exception {
    String booking = p.booking();
    p.consentToKeep(booking);
    String session = "ses-" + UUID.randomUUID();
    assertThat(await(p.end(session, booking, SECRET, SECRET_ZH)).getBoolean("kept")).isTrue();
    try (MongoClient raw = MongoClients.create(p.mongoUri())) {
      RawBsonDocument doc = raw.getDatabase(p.config.storage().mongoDatabase())
          .getCollection(ConsultCollections.TRANSCRIPTS, RawBsonDocument.class).find(Filters.eq("_id", session))
          .first();
      byte[] bytes = doc.getByteBuffer().array();
      assertThat(contains(bytes, session)).isTrue();
      assertThat(contains(bytes, SECRET)).isFalse();
      assertThat(contains(bytes, SECRET_ZH)).isFalse();
      assertThat(contains(bytes, "蓝色海豚")).isFalse();
    }
    // Closing Vert.x stops the embedded server, which flushes H2; then the whole database file is searched.
    await(vertx.close());
    byte[] file = Files.readAllBytes(p.config.storage().dataDir().resolve("wenxin-mongo.mv.db"));
    assertThat(contains(file, session)).isTrue();
    assertThat(contains(file, SECRET)).isFalse();
    assertThat(contains(file, SECRET_ZH)).isFalse();
    assertThat(new String(file, StandardCharsets.UTF_16BE)).doesNotContain(SECRET_ZH);
    assertThat(new String(file, StandardCharsets.UTF_16LE)).doesNotContain(SECRET_ZH);
  }

  @Test
  @DisplayName("The student and the session's expert read the transcript; a third expert and a parent get 404")
  void onlyTheTwoRead() {
    String booking = p.booking();
    p.consentToKeep(booking);
    await(p.end("ses-2", booking, SECRET, "我在听"));
    JsonObject mine = p.call("getTranscript", STUDENT, new JsonObject().put("id", "ses-2"), null);
    JsonObject experts = p.call("getTranscript", EXPERT, new JsonObject().put("id", "ses-2"), null);
    assertThat(mine.getJsonArray("messages").getJsonObject(0).getString("text")).isEqualTo(SECRET);
    assertThat(experts.getJsonArray("messages").size()).isEqualTo(2);
    assertThat(experts.getString("studentLabel")).isEqualTo("蓝色海豚-3817");
    assertThat(experts.containsKey("studentId")).isFalse();
    assertThat(problem(p.f.call(Addresses.TRANSCRIPTS, "getTranscript", OTHER_EXPERT,
        new JsonObject().put("id", "ses-2"), null)).status()).isEqualTo(404);
    assertThat(problem(p.f.call(Addresses.TRANSCRIPTS, "getTranscript", PARENT,
        new JsonObject().put("id", "ses-2"), null)).status()).isEqualTo(403);
    assertThat(p.count(ConsultCollections.AUDIT_LOG, new JsonObject().put("action", "transcript.read")
        .put("targetId", "ses-2"))).isEqualTo(2);
  }

  @Test
  @DisplayName("Withdrawing consent destroys the transcript: a new ClientEncryption cannot decrypt the old ciphertext")
  void withdrawalShreds() {
    String booking = p.booking();
    p.consentToKeep(booking);
    await(p.end("ses-3", booking, SECRET));
    JsonObject stored = await(p.f.mongo.findOne(ConsultCollections.TRANSCRIPTS,
        new JsonObject().put("_id", "ses-3"), null));
    byte[] ciphertext = SealedStore.sealed(stored);
    try (ClientEncryption before = FieldCrypto.create(p.mongoUri(), p.config)) {
      assertThat(FieldCrypto.openWith(before, ciphertext)).contains(SECRET);
    }
    p.call("deleteTranscript", STUDENT, new JsonObject().put("id", "ses-3"), null);
    try (ClientEncryption after = FieldCrypto.create(p.mongoUri(), p.config)) {
      assertThatThrownBy(() -> FieldCrypto.openWith(after, ciphertext)).isInstanceOf(RuntimeException.class);
    }
    JsonObject destroyed = await(p.f.mongo.findOne(ConsultCollections.TRANSCRIPTS,
        new JsonObject().put("_id", "ses-3"), null));
    assertThat(destroyed.getString("destroyedAt")).isNotNull();
    assertThat(destroyed.containsKey("sealed")).isFalse();
    assertThat(problem(p.f.call(Addresses.TRANSCRIPTS, "getTranscript", STUDENT,
        new JsonObject().put("id", "ses-3"), null)).status()).isEqualTo(410);
    assertThat(p.count(ConsultCollections.CONSENTS, new JsonObject().put("bookingId", booking)
        .put("withdrawnAt", new JsonObject().put("$ne", null)))).isEqualTo(1);
    assertThat(p.count(ConsultCollections.AUDIT_LOG, new JsonObject().put("action", "transcript.destroyed")
        .put("targetId", "ses-3").put("reason", "consent withdrawn"))).isEqualTo(1);
  }

  @Test
  @DisplayName("When retention ends the sweep destroys the key and records the destruction")
  void retentionSweep() {
    String booking = p.booking();
    p.consentToKeep(booking);
    await(p.end("ses-4", booking, SECRET));
    await(p.f.mongo.updateCollection(ConsultCollections.TRANSCRIPTS, new JsonObject().put("_id", "ses-4"),
        new JsonObject().put("$set", new JsonObject().put("expiresAt", "2020-01-01T00:00:00Z"))));
    JsonObject swept = p.call("sweepRetention", null, new JsonObject(), null);
    JsonObject doc = await(p.f.mongo.findOne(ConsultCollections.TRANSCRIPTS, new JsonObject().put("_id", "ses-4"),
        null));
    assertThat(swept.getInteger("transcripts")).isEqualTo(1);
    assertThat(doc.getString("destroyedReason")).isEqualTo("retention ended");
    assertThat(await(p.f.mongo.count(p.config.privacy().keyVaultNamespace().split("\\.", 2)[1],
        new JsonObject().put("_id", new JsonObject().put("$exists", true))))).isZero();
    assertThat(p.count(ConsultCollections.AUDIT_LOG, new JsonObject().put("actorId", "system")
        .put("action", "transcript.destroyed").put("targetId", "ses-4"))).isEqualTo(1);
  }

  @Test
  @DisplayName("A consent withdrawn while the session's end is being stored never leaves a readable transcript")
  void withdrawalRacesTheEnd() {
    for (int round = 0; round < 8; round++) {
      String booking = p.booking();
      p.consentToKeep(booking);
      String session = "race-" + round;
      var ended = p.end(session, booking, SECRET);
      var withdrawn = p.f.call(cn.wenxin.infra.bus.Addresses.SESSION_CONSENT, "decideTranscriptConsent", STUDENT,
          new JsonObject().put("id", booking), new JsonObject().put("keep", false));
      await(io.vertx.core.Future.join(ended, withdrawn));
      assertThat(p.count(ConsultCollections.TRANSCRIPTS, new JsonObject().put("_id", session)
          .put("destroyedAt", (Object) null))).as("round %d", round).isZero();
    }
  }

  @Test
  @DisplayName("Two hand-offs of the same session's end keep one transcript and leave no orphan key")
  void handOffTwice() {
    String booking = p.booking();
    p.consentToKeep(booking);
    var first = p.end("ses-5", booking, SECRET);
    var second = p.end("ses-5", booking, SECRET);
    await(io.vertx.core.Future.all(first, second));
    JsonObject read = p.call("getTranscript", STUDENT, new JsonObject().put("id", "ses-5"), null);
    assertThat(first.result().getBoolean("kept")).isTrue();
    assertThat(second.result().getBoolean("kept")).isTrue();
    assertThat(read.getJsonArray("messages").size()).isEqualTo(1);
    assertThat(await(p.f.mongo.count(p.config.privacy().keyVaultNamespace().split("\\.", 2)[1],
        new JsonObject()))).isEqualTo(1);
  }

  static boolean contains(byte[] haystack, String needle) {
    byte[] n = needle.getBytes(StandardCharsets.UTF_8);
    outer:
    for (int i = 0; i <= haystack.length - n.length; i++) {
      for (int j = 0; j < n.length; j++) {
        if (haystack[i + j] != n[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
