package cn.wenxin.gateway.realtime;

import cn.wenxin.infra.bus.SessionFrames;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Every inbound frame type and its handler, in one place. Adding a type (chat, signalling) is one {@link #on} line
 * in {@link #standard} and a handler class; unknown types get {@code unknown_type}.
 */
final class FrameTable {

  private final Map<String, FrameHandler> handlers = new HashMap<>();

  static FrameTable standard() {
    return new FrameTable()
        .on("hello", new HelloFrame())
        .on("auth", new AuthFrame())
        .on("ping", new PingFrame())
        .onEach(ChatFrames.TYPES, (session, frame) -> session.chatFrames().handle(frame))
        .onEach(SessionFrames.LIVE, (session, frame) -> session.liveFrames().handle(frame));
  }

  FrameTable on(String type, FrameHandler handler) {
    if (handlers.putIfAbsent(type, handler) != null) {
      throw new IllegalStateException("Two handlers for frame type " + type);
    }
    return this;
  }

  FrameTable onEach(Collection<String> types, FrameHandler handler) {
    types.forEach(type -> on(type, handler));
    return this;
  }

  FrameHandler get(String type) {
    return handlers.get(type);
  }
}
