package cn.wenxin.consult.risk;

import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceEndpoint;
import cn.wenxin.infra.bus.ServiceRequest;
import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.mongo.Mongo;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The crisis signal: reads a student's message with the lexicon and, from the configured level up, stores and
 * publishes a risk alert. It only raises attention: it answers a level, it never holds a message back.
 */
public class RiskVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(RiskVerticle.class);

  private RiskLexicon lexicon;
  private RiskAlerts alerts;
  private int alertLevel;

  @Override
  public Future<?> start() {
    WenxinConfig config = WenxinConfig.from(config());
    alertLevel = config.privacy().riskAlertLevel();
    alerts = new RiskAlerts(vertx, Mongo.client(vertx, config));
    return vertx.executeBlocking(RiskLexicon::standard).compose(l -> {
      lexicon = l;
      return new ServiceEndpoint(Addresses.RISK).on("screen", this::screen).bind(vertx);
    });
  }

  /**
   * {sessionId, text, source?} -> {level, flagged, alerted}; the text is read here and kept nowhere. {@code source}
   * is "session" (a counseling chat, the default), "queue" (a talk-now chat) or "livestream" (a question or chat line in a live room, whose
   * {@code sessionId} is then {@code livestream:<streamId>:<itemId>}).
   */
  private Future<JsonObject> screen(ServiceRequest r) {
    if (r.principal() != null) {
      return Future.failedFuture(ProblemException.forbidden("Internal action"));
    }
    String sessionId = r.bodyObject().getString("sessionId");
    RiskAssessment a = lexicon.assess(r.bodyObject().getString("text"));
    JsonObject answer = new JsonObject().put("level", a.level()).put("flagged", a.level() >= alertLevel);
    if (a.level() < alertLevel) {
      return Future.succeededFuture(answer.put("alerted", false));
    }
    // The source says which console column the alert belongs to: a session, the talk-now queue, a livestream.
    String asked = r.bodyObject().getString("source", "session");
    String source = java.util.Set.of("session", "queue", "livestream").contains(asked) ? asked : "session";
    return alerts.raise(source, sessionId, a).map(alert -> answer.put("alerted", alert != null))
        .recover(err -> {
          // The expert still sees the flag on the message; the alert's loss is logged for the operators.
          log.error("Risk alert for session {} at level {} not stored: {}", sessionId, a.level(), err.toString());
          return Future.succeededFuture(answer.put("alerted", false));
        });
  }
}
