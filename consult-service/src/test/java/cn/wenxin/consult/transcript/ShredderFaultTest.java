package cn.wenxin.consult.transcript;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.consult.audit.AuditLog;
import cn.wenxin.consult.consent.TranscriptConsents;
import cn.wenxin.consult.privacy.FieldCrypto;
import cn.wenxin.infra.error.ProblemException;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;

import static cn.wenxin.consult.testing.ConsultFixture.await;
import static cn.wenxin.consult.testing.ConsultFixture.problem;
import static cn.wenxin.consult.transcript.PrivacyFixture.STUDENT;
import static org.assertj.core.api.Assertions.assertThat;

/** Shredding when the database fails half way: the key goes first, so what is left is unreadable at once. */
@ExtendWith(VertxExtension.class)
class ShredderFaultTest {

  private PrivacyFixture p;
  private SealedStoreFaulty store;
  private Transcripts transcripts;
  private FieldCrypto crypto;

  @BeforeEach
  void setUp(Vertx vertx) {
    p = PrivacyFixture.start(vertx);
    crypto = await(FieldCrypto.open(vertx, p.config));
    AuditLog audit = new AuditLog(p.f.mongo);
    store = new SealedStoreFaulty(new SealedStoreMongo(p.f.mongo, ConsultCollections.TRANSCRIPTS));
    transcripts = new Transcripts(store, new TranscriptConsents(p.f.mongo), crypto, new Shredder(crypto, audit),
        audit, Duration.ofDays(180));
  }

  @Test
  @DisplayName("A withdrawal whose last step fails leaves a record nobody can read, and the next sweep finishes it")
  void halfShredded() {
    String booking = p.booking();
    p.consentToKeep(booking);
    JsonObject ended = await(p.end("ses-f", booking, "half-shredded-secret"));
    assertThat(ended.getBoolean("kept")).isTrue();
    // the same process has just used the key: the driver would still decrypt from its cache
    assertThat(await(transcripts.read(STUDENT, "ses-f")).getJsonArray("messages").size()).isEqualTo(1);
    store.failMarking = true;
    ProblemException failed = problem(transcripts.withdraw(STUDENT, "ses-f").map(v -> (Object) v)
        .recover(err -> io.vertx.core.Future.failedFuture(new ProblemException(500, "x", err.getMessage()))));
    assertThat(failed.detail()).contains("database went away");
    assertThat(problem(transcripts.read(STUDENT, "ses-f")).status()).isEqualTo(410);
    store.failMarking = false;
    await(p.f.mongo.updateCollection(ConsultCollections.TRANSCRIPTS, new JsonObject().put("_id", "ses-f"),
        new JsonObject().put("$set", new JsonObject().put("expiresAt", "2020-01-01T00:00:00Z"))));
    assertThat(await(transcripts.sweep(Instant.now()))).isEqualTo(1);
    JsonObject doc = await(p.f.mongo.findOne(ConsultCollections.TRANSCRIPTS, new JsonObject().put("_id", "ses-f"),
        null));
    assertThat(doc.containsKey("sealed")).isFalse();
    assertThat(doc.getString("destroyedAt")).isNotNull();
  }
}
