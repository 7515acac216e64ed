package cn.wenxin.gateway.realtime;

import io.vertx.core.json.JsonObject;

/** {@code ping}: answered at once; being heard is what keeps the connection open (presence is refreshed in batches). */
final class PingFrame implements FrameHandler {

  @Override
  public void handle(RealtimeSession session, JsonObject frame) {
    session.send(new JsonObject().put("type", "pong"));
  }

  @Override
  public boolean needsHello() {
    return false;
  }
}
