package cn.wenxin.gateway.realtime;

import io.vertx.core.http.ServerWebSocket;

/**
 * A room's feed into one socket: a frame encoded once for the whole room is written only while the socket keeps
 * up (its write queue not full), so one slow reader never holds the others back.
 */
record WebSocketOutlet(ServerWebSocket ws) implements LiveOutlet {

  @Override
  public boolean offer(String encoded) {
    return offer(ws, encoded);
  }

  @Override
  public void whenDrained(Runnable action) {
    whenDrained(ws, action);
  }

  /** The one write rule, also for a {@link RealtimeSession}, which keeps no outlet of its own. */
  static boolean offer(ServerWebSocket ws, String encoded) {
    if (ws.isClosed() || ws.writeQueueFull()) {
      return false;
    }
    ws.writeTextMessage(encoded);
    return true;
  }

  /** Once a socket that fell behind has written out its queue. */
  static void whenDrained(ServerWebSocket ws, Runnable action) {
    ws.drainHandler(v -> {
      ws.drainHandler(null);
      action.run();
    });
  }
}
