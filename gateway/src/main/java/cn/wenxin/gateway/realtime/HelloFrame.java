package cn.wenxin.gateway.realtime;

import io.vertx.core.json.JsonObject;

/** {@code hello}: authenticates the connection and starts the replay after {@code resumeAfter}. */
final class HelloFrame implements FrameHandler {

  @Override
  public void handle(RealtimeSession session, JsonObject frame) {
    String token = Frames.string(frame, "token");
    long resumeAfter = Frames.count(frame, "resumeAfter", 0);
    if (session.welcomed()) {
      return;  // a second hello on the same connection changes nothing
    }
    session.authenticate(token).onSuccess(p -> session.welcome(p, resumeAfter));
  }

  @Override
  public boolean needsHello() {
    return false;
  }
}
