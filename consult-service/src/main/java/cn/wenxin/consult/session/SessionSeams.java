package cn.wenxin.consult.session;

import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceEndpoint;
import cn.wenxin.infra.bus.ServiceRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two questions a session asks elsewhere: may this student join (consent), and what becomes of the messages
 * when it ends (transcripts). Both are event-bus requests, so the consent and transcript services plug in by
 * binding their address.
 */
final class SessionSeams {

  private static final Logger log = LoggerFactory.getLogger(SessionSeams.class);
  private static final long TIMEOUT_MS = 10_000;

  private final Vertx vertx;

  SessionSeams(Vertx vertx) {
    this.vertx = vertx;
  }

  /** {allowed, reason?} from the consent service. */
  Future<JsonObject> joinCheck(JsonObject session) {
    JsonObject body = new JsonObject().put("sessionId", session.getString("_id"))
        .put("bookingId", session.getString("bookingId")).put("studentId", session.getString("studentId"));
    return ask(Addresses.SESSION_CONSENT, "joinCheck", body).recover(err -> noHandler(err)
        // No consent service deployed in this build yet: nothing to check against, so the join goes ahead.
        ? Future.succeededFuture(new JsonObject().put("allowed", true))
        : Future.failedFuture(err));
  }

  /** Hands the messages over; only after this answers may they be deleted. */
  Future<Void> sessionEnded(JsonObject session, JsonArray messages) {
    JsonObject body = new JsonObject().put("sessionId", session.getString("_id"))
        .put("bookingId", session.getString("bookingId")).put("studentId", session.getString("studentId"))
        .put("expertId", session.getString("expertId")).put("studentLabel", session.getString("studentLabel"))
        .put("expertLabel", session.getString("expertLabel")).put("messages", messages);
    return ask(Addresses.TRANSCRIPTS, "sessionEnded", body).<Void>mapEmpty().recover(err -> {
      if (noHandler(err)) {
        log.info("Session {} ended with no transcript service: its {} live messages are deleted, none kept",
            session.getString("_id"), messages.size());
        return Future.succeededFuture();
      }
      return Future.failedFuture(err);
    });
  }

  private Future<JsonObject> ask(String address, String action, JsonObject body) {
    DeliveryOptions opts = new DeliveryOptions().setSendTimeout(TIMEOUT_MS).addHeader(ServiceEndpoint.ACTION, action);
    return vertx.eventBus().<JsonObject>request(address, ServiceRequest.of(null, new JsonObject(), body).toJson(), opts)
        .map(m -> m.body() == null ? new JsonObject() : m.body());
  }

  private static boolean noHandler(Throwable err) {
    return err instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS;
  }
}
