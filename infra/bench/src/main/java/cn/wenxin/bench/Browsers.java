package cn.wenxin.bench;

import io.vertx.core.http.WebSocketClientOptions;

/** What the load's sockets ask of the server: what a browser asks. */
final class Browsers {

  private Browsers() {
  }

  /**
   * Chromium, Firefox and Safari all offer per-message deflate on every WebSocket; a server that accepts it keeps
   * zlib state per connection and compresses each frame per recipient, so the load offers it too.
   */
  static WebSocketClientOptions webSocketOptions() {
    return new WebSocketClientOptions().setTryUsePerMessageCompression(true);
  }
}
