package cn.wenxin.consult.session;

import cn.wenxin.infra.config.WenxinConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Looks at every chat message a student sends before it is delivered: answers {@code {level: 0..3, flagged}}.
 * The level goes onto the message the expert receives (as {@code risk}), never onto the student's copy. It only
 * ever raises attention: a screen cannot hold a message back.
 */
public interface MessageScreen {

  Future<JsonObject> screen(String sessionId, String text);

  /** The same, saying where the message was written ({@code session}, {@code queue}) for the alert it may raise. */
  default Future<JsonObject> screen(String sessionId, String text, String source) {
    return screen(sessionId, text);
  }

  /** Flags nothing: the default until a risk lexicon is plugged in. */
  static MessageScreen none() {
    return (sessionId, text) -> Future.succeededFuture(new JsonObject().put("level", 0).put("flagged", false));
  }

  /** Makes the screen on the verticle that uses it, once its Vert.x and config are known. */
  interface Opener {
    Future<MessageScreen> open(Vertx vertx, WenxinConfig config);

    static Opener of(MessageScreen screen) {
      return (vertx, config) -> Future.succeededFuture(screen);
    }
  }
}
