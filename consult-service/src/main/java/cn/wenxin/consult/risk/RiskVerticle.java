package cn.wenxin.consult.risk;

import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceEndpoint;
import cn.wenxin.infra.bus.ServiceRequest;
import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.error.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

/**
 * The crisis signal over the event bus, for what is written outside a counseling session's own verticle (the live
 * rooms' questions and chat lines): the same {@link RiskScreen} the sessions use in-process.
 */
public class RiskVerticle extends VerticleBase {

  private RiskScreen screen;

  @Override
  public Future<?> start() {
    return RiskScreen.open(vertx, WenxinConfig.from(config())).compose(s -> {
      screen = s;
      return new ServiceEndpoint(Addresses.RISK).on("screen", this::screen).bind(vertx);
    });
  }

  /** {sessionId, text, source?} -> {level, flagged, alerted}: an internal action, never a person's. */
  private Future<JsonObject> screen(ServiceRequest r) {
    if (r.principal() != null) {
      return Future.failedFuture(ProblemException.forbidden("Internal action"));
    }
    JsonObject body = r.bodyObject();
    return screen.screen(body.getString("sessionId"), body.getString("text"), body.getString("source", "session"));
  }
}
