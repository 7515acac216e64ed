package cn.wenxin.gateway.realtime;

import io.vertx.core.json.JsonObject;

/**
 * What one inbound frame type does. Fields are read with {@link Frames}; a wrong field throws
 * {@link Frames.BadFrame}. Handlers run on the connection's event loop and must not block.
 */
interface FrameHandler {

  void handle(RealtimeSession session, JsonObject frame);

  /** Whether the frame is refused (unauthenticated, close 4401) before a successful hello. */
  default boolean needsHello() {
    return true;
  }
}
