package cn.wenxin.consult.risk;

import cn.wenxin.consult.session.MessageScreen;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceClient;
import cn.wenxin.infra.bus.ServiceRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session's message screen, answered by {@link RiskVerticle} over the event bus. A screen that cannot answer
 * must not hold back what a student in crisis writes: the message goes through unflagged and the failure is logged.
 */
public final class RiskScreen implements MessageScreen {

  private static final Logger log = LoggerFactory.getLogger(RiskScreen.class);

  /** Built before deployment; the chat desk calls it on its own context, whose Vert.x is the one to ask. */
  public static MessageScreen overBus() {
    return new RiskScreen();
  }

  @Override
  public Future<JsonObject> screen(String sessionId, String text) {
    return screen(sessionId, text, "session");
  }

  @Override
  public Future<JsonObject> screen(String sessionId, String text, String source) {
    ServiceClient bus = new ServiceClient(Vertx.currentContext().owner());
    return bus.<JsonObject>askNearby(Addresses.RISK, "screen", ServiceRequest.of(null, new JsonObject(),
            new JsonObject().put("sessionId", sessionId).put("text", text).put("source", source)))
        .map(r -> new JsonObject().put("level", r.getInteger("level", 0)).put("flagged", r.getBoolean("flagged")))
        .recover(err -> {
          log.error("Message of session {} not screened for risk: {}", sessionId, err.toString());
          return Future.succeededFuture(new JsonObject().put("level", 0).put("flagged", false));
        });
  }
}
