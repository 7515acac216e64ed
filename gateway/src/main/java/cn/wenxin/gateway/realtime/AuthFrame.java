package cn.wenxin.gateway.realtime;

import io.vertx.core.json.JsonObject;

/** {@code auth}: a fresh access token of the same person extends the connection to its expiry. */
final class AuthFrame implements FrameHandler {

  @Override
  public void handle(RealtimeSession session, JsonObject frame) {
    session.authenticate(Frames.string(frame, "token")).onSuccess(p -> session.send(new JsonObject()
        .put("type", "authenticated").put("expiresAt", p.expiresAtEpochSecond())));
  }
}
