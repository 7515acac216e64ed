package cn.wenxin.consult.risk;

import cn.wenxin.consult.session.MessageScreen;
import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.mongo.Mongo;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;

/**
 * The crisis signal, read where the message is: the lexicon assesses a student's message in the verticle that
 * handles it (no hop, nothing that can time out between a message and its flag) and, from the configured level up,
 * a risk alert is stored and published. It only raises attention: it answers a level, it never holds a message back.
 * {@link RiskVerticle} answers the same screen over the event bus for the live rooms.
 */
public final class RiskScreen implements MessageScreen {

  private static final Logger log = LoggerFactory.getLogger(RiskScreen.class);
  private static final Set<String> SOURCES = Set.of("session", "queue", "livestream");
  /** One automaton for the JVM: it is read-only once built, and building it reads and parses the lexicon file. */
  private static volatile RiskLexicon standard;

  private final RiskLexicon lexicon;
  private final RiskAlerts alerts;
  private final int alertLevel;

  RiskScreen(RiskLexicon lexicon, RiskAlerts alerts, int alertLevel) {
    this.lexicon = lexicon;
    this.alerts = alerts;
    this.alertLevel = alertLevel;
  }

  /** For the session verticle: the screen is opened on its own Vert.x, alerts stored through its own client. */
  public static MessageScreen.Opener inProcess() {
    return (vertx, config) -> open(vertx, config).map(s -> s);
  }

  static Future<RiskScreen> open(Vertx vertx, WenxinConfig config) {
    RiskLexicon loaded = standard;
    Future<RiskLexicon> lexicon = loaded != null ? Future.succeededFuture(loaded)
        : vertx.executeBlocking(() -> standard = RiskLexicon.standard());
    return lexicon.map(l -> new RiskScreen(l, new RiskAlerts(vertx, Mongo.client(vertx, config)),
        config.privacy().riskAlertLevel()));
  }

  @Override
  public Future<JsonObject> screen(String sessionId, String text) {
    return screen(sessionId, text, "session");
  }

  /**
   * {level, flagged, alerted}; the text is read here and kept nowhere. {@code source} says which console column an
   * alert belongs to: "session" (a counseling chat, the default), "queue" (a talk-now chat) or "livestream" (a live
   * room's question or chat line, whose {@code sessionId} is then {@code livestream:<streamId>:<itemId>}).
   */
  @Override
  public Future<JsonObject> screen(String sessionId, String text, String source) {
    RiskAssessment a = lexicon.assess(text);
    JsonObject answer = new JsonObject().put("level", a.level()).put("flagged", a.level() >= alertLevel);
    if (a.level() < alertLevel) {
      return Future.succeededFuture(answer.put("alerted", false));
    }
    return alerts.raise(SOURCES.contains(source) ? source : "session", sessionId, a)
        .map(alert -> answer.put("alerted", alert != null))
        .recover(err -> {
          // The expert still sees the flag on the message; the alert's loss is logged for the operators.
          log.error("Risk alert for session {} at level {} not stored: {}", sessionId, a.level(), err.toString());
          return Future.succeededFuture(answer.put("alerted", false));
        });
  }
}
