package cn.wenxin.consult.consent;

import cn.wenxin.consult.booking.BookingStore;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceClient;
import cn.wenxin.infra.bus.ServiceEndpoint;
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

import java.time.LocalDate;

/**
 * Consent around a session: the confidentiality notice (exact text and its hash), the student's choice to keep the
 * transcript, and the join gate the session verticle asks before a student may join (a child under 14 needs a
 * guardian's consent to the current policy on file).
 */
public class SessionConsentVerticle extends VerticleBase {

  public static final String GUARDIAN_CONSENT_REQUIRED = "guardian_consent_required";

  private ConsentTexts texts;
  private TranscriptConsents transcriptConsents;
  private ConsentStore consents;
  private Guardianship guardianship;
  private MongoClient mongo;
  private BookingStore bookings;
  private ServiceClient bus;
  private java.time.ZoneId zone;

  @Override
  public Future<?> start() {
    WenxinConfig config = WenxinConfig.from(config());
    mongo = Mongo.client(vertx, config);
    texts = ConsentTexts.load(config.service().policyVersion(), config.privacy().retention().toDays());
    transcriptConsents = new TranscriptConsents(mongo);
    consents = new ConsentStore(mongo);
    guardianship = new Guardianship(mongo);
    bookings = new BookingStore(mongo);
    bus = new ServiceClient(vertx);
    zone = config.service().defaultZone();
    return new ServiceEndpoint(Addresses.SESSION_CONSENT)
        .on("getConsentNotice", r -> Future.succeededFuture(texts.notice(r.requiredParam("scope"),
            r.param("locale") == null ? ConsentTexts.DEFAULT_LOCALE : r.param("locale"))))
        .on("getTranscriptConsent", this::current)
        .on("decideTranscriptConsent", this::decide)
        .on("joinCheck", this::joinCheck)
        .bind(vertx);
  }

  private Future<JsonObject> current(ServiceRequest r) {
    Principal me = r.caller(Role.STUDENT);
    String bookingId = r.requiredParam("id");
    return ownBooking(me, bookingId).compose(b -> transcriptConsents.active(me.id(), bookingId))
        .map(c -> decision(bookingId, c));
  }

  /**
   * keep=true records a consent to the exact notice shown (its hash must be the current text's: a page showing older
   * words gets a 422); keep=false withdraws one in force and destroys what was kept for the booking.
   */
  private Future<JsonObject> decide(ServiceRequest r) {
    Principal me = r.caller(Role.STUDENT);
    String bookingId = r.requiredParam("id");
    JsonObject b = r.bodyObject();
    if (!b.getBoolean("keep")) {
      return ownBooking(me, bookingId).compose(x -> transcriptConsents.withdraw(me.id(), bookingId))
          .compose(withdrew -> bus.<Object>ask(Addresses.TRANSCRIPTS, "shredBooking", ServiceRequest.of(null,
              new JsonObject(), new JsonObject().put("bookingId", bookingId).put("actor", me.id()))))
          .map(x -> decision(bookingId, null));
    }
    JsonObject shown = texts.notice(ConsentTexts.TRANSCRIPT, b.getString("locale", ConsentTexts.DEFAULT_LOCALE));
    if (!shown.getString("policyVersion").equals(b.getString("policyVersion"))
        || !shown.getString("textHash").equals(b.getString("textHash"))) {
      return Future.failedFuture(new ProblemException(422, "Notice out of date",
          "The notice on this page is not the current one; read the current notice and decide again",
          new JsonObject().put("policyVersion", shown.getString("policyVersion"))));
    }
    return ownBooking(me, bookingId).compose(x -> transcriptConsents.grant(me.id(), bookingId, shown))
        .map(c -> decision(bookingId, c));
  }

  /** Asked by the session verticle: {sessionId, bookingId, studentId} -> {allowed, reason?}. */
  private Future<JsonObject> joinCheck(ServiceRequest r) {
    String studentId = r.bodyObject().getString("studentId");
    return guardianship.account(studentId).compose(student -> {
      if (!Guardianship.underConsentAge(student, LocalDate.now(zone))) {
        return Future.succeededFuture(new JsonObject().put("allowed", true));
      }
      return consents.active(studentId, ConsentVerticle.GUARDIAN).map(c -> c != null
          && texts.version().equals(c.getString("policyVersion"))
          ? new JsonObject().put("allowed", true)
          : new JsonObject().put("allowed", false).put("reason", GUARDIAN_CONSENT_REQUIRED));
    });
  }

  private Future<JsonObject> ownBooking(Principal me, String bookingId) {
    return bookings.find(bookingId).compose(b -> b != null && me.id().equals(b.getString("studentId"))
        ? Future.succeededFuture(b) : Future.failedFuture(ProblemException.notFound("No booking " + bookingId)));
  }

  private static JsonObject decision(String bookingId, JsonObject consent) {
    return new JsonObject().put("bookingId", bookingId).put("keep", consent != null)
        .put("consent", TranscriptConsents.view(consent));
  }
}
