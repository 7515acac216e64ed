package cn.wenxin.gateway.realtime;

import io.vertx.core.http.ServerWebSocket;

/**
 * A room's feed into one socket: a frame encoded once for the whole room is written only while the socket keeps
 * up (its write queue not full), so one slow reader never holds the others back.
 */
record WebSocketOutlet(ServerWebSocket ws) implements LiveOutlet {

  @Override
  public boolean offer(String encoded) {
    if (ws.isClosed() || ws.writeQueueFull()) {
      return false;
    }
    ws.writeTextMessage(encoded);
    return true;
  }

  /** Once a socket that fell behind has written out its queue. */
  @Override
  public void whenDrained(Runnable action) {
    ws.drainHandler(v -> {
      ws.drainHandler(null);
      action.run();
    });
  }
}
