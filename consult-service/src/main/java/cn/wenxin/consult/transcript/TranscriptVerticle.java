package cn.wenxin.consult.transcript;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.consult.audit.AuditLog;
import cn.wenxin.consult.consent.TranscriptConsents;
import cn.wenxin.consult.privacy.FieldCrypto;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceEndpoint;
import cn.wenxin.infra.bus.ServiceReply;
import cn.wenxin.infra.bus.ServiceRequest;
import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.mongo.Mongo;
import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.security.Role;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * Confidential records of sessions: transcripts kept at a session's end (only with consent), the expert's notes,
 * withdrawal, and the retention sweep that destroys data keys (保密消档). Owns the one ClientEncryption.
 */
public class TranscriptVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(TranscriptVerticle.class);

  private FieldCrypto crypto;
  private Transcripts transcripts;
  private Notes notes;
  private long sweepTimer = -1;

  @Override
  public Future<?> start() {
    WenxinConfig config = WenxinConfig.from(config());
    MongoClient mongo = Mongo.client(vertx, config);
    return FieldCrypto.open(vertx, config).compose(c -> {
      crypto = c;
      AuditLog audit = new AuditLog(mongo);
      Shredder shredder = new Shredder(crypto, audit);
      transcripts = new Transcripts(new SealedStoreMongo(mongo, ConsultCollections.TRANSCRIPTS),
          new TranscriptConsents(mongo), crypto, shredder, audit, config.privacy().retention());
      notes = new Notes(new SealedStoreMongo(mongo, ConsultCollections.SESSION_NOTES), mongo, crypto, shredder, audit,
          config.privacy().retention());
      sweepTimer = vertx.setPeriodic(config.privacy().sweep().toMillis(), id -> sweep());
      return new ServiceEndpoint(Addresses.TRANSCRIPTS)
          .on("sessionEnded", this::sessionEnded)
          .on("shredBooking", this::shredBooking)
          .on("sweepRetention", r -> internal(r).compose(v -> sweepNow()))
          .on("listTranscripts", r -> transcripts.list(r.caller(Role.STUDENT, Role.EXPERT))
              .map(items -> new JsonObject().put("items", items)))
          .on("getTranscript", r -> transcripts.read(r.caller(Role.STUDENT, Role.EXPERT), r.requiredParam("id")))
          .on("deleteTranscript", r -> transcripts.withdraw(r.caller(Role.STUDENT), r.requiredParam("id"))
              .map(v -> ServiceReply.noContent()))
          .on("getSessionNote", r -> notes.read(r.caller(Role.EXPERT), r.requiredParam("id")))
          .on("putSessionNote", r -> notes.write(r.caller(Role.EXPERT), r.requiredParam("id"),
              r.bodyObject().getString("text", "")))
          .bind(vertx);
    });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(sweepTimer);
    return crypto == null ? Future.succeededFuture() : crypto.close();
  }

  /** From the session verticle: {sessionId, bookingId, studentId, expertId, studentLabel, expertLabel, messages}. */
  private Future<JsonObject> sessionEnded(ServiceRequest r) {
    return internal(r).compose(v -> transcripts.keep(r.bodyObject()))
        .map(kept -> new JsonObject().put("kept", kept));
  }

  private Future<Void> shredBooking(ServiceRequest r) {
    JsonObject b = r.bodyObject();
    return internal(r).compose(v -> transcripts.shredBooking(b.getString("bookingId"), b.getString("actor"),
        b.getString("reason", "consent withdrawn")));
  }

  private Future<JsonObject> sweepNow() {
    Instant now = Instant.now();
    return transcripts.sweep(now).compose(t -> notes.sweep(now)
        .map(n -> new JsonObject().put("transcripts", t).put("notes", n)));
  }

  private void sweep() {
    sweepNow().onSuccess(r -> {
      if (r.getInteger("transcripts") + r.getInteger("notes") > 0) {
        log.info("Retention sweep destroyed {} transcripts and {} notes", r.getInteger("transcripts"),
            r.getInteger("notes"));
      }
    }).onFailure(err -> log.warn("Retention sweep failed; the next one retries: {}", err.toString()));
  }

  /** Actions only services call: the gateway always names a caller, the services never do. */
  private static Future<Void> internal(ServiceRequest r) {
    Principal p = r.principal();
    return p == null ? Future.succeededFuture() : Future.failedFuture(ProblemException.forbidden("Internal action"));
  }
}
