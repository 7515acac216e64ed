package cn.wenxin.consult.consent;

import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceClient;
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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Guardian consent (PIPL art. 31): a parent consents for a linked child, recording the exact policy version shown;
 * withdrawal keeps the record. Bookings ask {@code guardianConsentOnFile} and are told when it changes.
 */
public class ConsentVerticle extends VerticleBase {

  static final String GUARDIAN = "guardian";
  private static final Logger log = LoggerFactory.getLogger(ConsentVerticle.class);

  private ConsentStore store;
  private Guardianship guardianship;
  private ServiceClient bus;
  private String policyVersion;
  private ConsentTexts texts;

  @Override
  public Future<?> start() {
    WenxinConfig config = WenxinConfig.from(config());
    MongoClient mongo = Mongo.client(vertx, config);
    store = new ConsentStore(mongo);
    guardianship = new Guardianship(mongo);
    bus = new ServiceClient(vertx);
    policyVersion = config.service().policyVersion();
    texts = ConsentTexts.load(policyVersion, config.privacy().retention().toDays());
    return new ServiceEndpoint(Addresses.CONSENTS)
        .on("listConsents", this::list)
        .on("grantConsent", this::grant)
        .on("withdrawConsent", this::withdraw)
        .on("guardianConsentOnFile", this::onFile)
        .bind(vertx);
  }

  private Future<JsonObject> list(ServiceRequest r) {
    Principal me = r.caller(Role.STUDENT, Role.PARENT);
    Future<List<String>> subjects = me.is(Role.PARENT) ? guardianship.childrenOf(me.id())
        : Future.succeededFuture(List.of(me.id()));
    // A child's own consents (keeping a transcript) name their bookings: a parent sees guardian consents only.
    return subjects.compose(store::ofSubjects).map(docs -> {
      JsonArray a = new JsonArray();
      docs.stream().filter(d -> !me.is(Role.PARENT) || GUARDIAN.equals(d.getString("kind")))
          .forEach(d -> a.add(ConsentStore.view(d)));
      return new JsonObject().put("items", a);
    });
  }

  private Future<ServiceReply> grant(ServiceRequest r) {
    Principal me = r.caller(Role.PARENT);
    JsonObject b = r.bodyObject();
    String subjectId = b.getString("subjectId");
    String kind = b.getString("kind", GUARDIAN);
    String version = b.getString("policyVersion");
    if (!policyVersion.equals(version)) {
      return Future.failedFuture(new ProblemException(422, "policy_outdated", "Policy version out of date",
          "Consent must be given to the current policy " + policyVersion + "; this page showed " + version,
          new JsonObject().put("policyVersion", policyVersion)));
    }
    JsonObject shown = b.getString("textHash") == null ? null
        : texts.notice(GUARDIAN, b.getString("locale", ConsentTexts.DEFAULT_LOCALE));
    if (shown != null && !shown.getString("textHash").equals(b.getString("textHash"))) {
      return Future.failedFuture(new ProblemException(422, "Notice out of date",
          "The consent text on this page is not the current one; read it again and consent",
          new JsonObject().put("policyVersion", policyVersion)));
    }
    return guardianship.linkedChild(me.id(), subjectId)
        .compose(child -> store.active(subjectId, kind))
        .compose(existing -> replaceOlder(existing, me.id()))
        .compose(v -> store.grant(subjectId, kind, version, me.id(), shown))
        .recover(err -> Future.failedFuture(Mongo.isDuplicateKey(err)
            ? ProblemException.conflict("A consent to this policy version is already on file")
            .withCode("consent_already_given") : err))
        .compose(doc -> tellBookings(subjectId).map(ServiceReply.created(ConsentStore.view(doc))));
  }

  /** A consent to an older policy version gives way to the new one; one to this version makes the grant a 409. */
  private Future<Void> replaceOlder(JsonObject existing, String by) {
    if (existing == null) {
      return Future.succeededFuture();
    }
    if (policyVersion.equals(existing.getString("policyVersion"))) {
      return Future.failedFuture(ProblemException.conflict("A consent to this policy version is already on file")
            .withCode("consent_already_given"));
    }
    return store.withdraw(existing.getString("_id"), by).mapEmpty();
  }

  private Future<Void> withdraw(ServiceRequest r) {
    Principal me = r.caller(Role.PARENT);
    String id = r.requiredParam("id");
    return store.find(id).compose(doc -> {
      if (doc == null) {
        return Future.failedFuture(ProblemException.notFound("No consent " + id));
      }
      String subjectId = doc.getString("subjectId");
      return guardianship.childrenOf(me.id()).compose(children -> children.contains(subjectId)
          ? store.withdraw(id, me.id()).compose(v -> tellBookings(subjectId))
          : Future.failedFuture(ProblemException.notFound("No consent " + id)));
    });
  }

  private Future<JsonObject> onFile(ServiceRequest r) {
    String subjectId = r.bodyObject().getString("subjectId");
    return store.active(subjectId, GUARDIAN).map(doc -> new JsonObject().put("onFile",
        doc != null && policyVersion.equals(doc.getString("policyVersion"))));
  }

  /** Bookings keep their guardianConsentRequired flag in step; a failure there must not undo the consent. */
  private Future<Void> tellBookings(String subjectId) {
    return onFile(ServiceRequest.of(null, new JsonObject(), new JsonObject().put("subjectId", subjectId)))
        .compose(state -> bus.ask(Addresses.BOOKINGS, "guardianConsentChanged", ServiceRequest.of(null,
            new JsonObject(), new JsonObject().put("subjectId", subjectId).put("onFile", state.getBoolean("onFile")))))
        .<Void>mapEmpty()
        .recover(err -> {
          log.warn("Bookings of {} not updated after a consent change: {}", subjectId, err.getMessage());
          return Future.succeededFuture();
        });
  }
}
