package cn.wenxin.gateway.realtime;

import cn.wenxin.gateway.api.Authenticator;
import cn.wenxin.infra.shared.Presence;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.List;

/**
 * Upgrades {@code /ws} to the real-time channel: one authenticated WebSocket per signed-in tab. The browser cannot
 * set headers on a WebSocket, so the token comes in the first message ("hello"), never in the URL (URLs get logged).
 * Protocol: docs/realtime.md. Each connection is a {@link RealtimeSession}.
 */
public final class RealtimeChannel {

  private static final Logger log = LoggerFactory.getLogger(RealtimeChannel.class);

  private final Vertx vertx;
  private final Authenticator authenticator;
  private final Presence presence;
  private final List<String> allowedOrigins;

  public RealtimeChannel(Vertx vertx, Authenticator authenticator, Presence presence, List<String> allowedOrigins) {
    this.vertx = vertx;
    this.authenticator = authenticator;
    this.presence = presence;
    this.allowedOrigins = allowedOrigins;
  }

  public void upgrade(RoutingContext ctx) {
    if (!originAllowed(ctx)) {
      ctx.fail(403, new cn.wenxin.infra.error.ProblemException(403, "Forbidden", "WebSocket origin not allowed"));
      return;
    }
    ctx.request().toWebSocket()
        .onSuccess(ws -> new RealtimeSession(vertx, ws, authenticator, presence).start())
        .onFailure(err -> {
          log.info("WebSocket upgrade refused: {}", err.getMessage());
          if (!ctx.response().ended()) {
            ctx.fail(cn.wenxin.infra.error.ProblemException.badRequest("Expected a WebSocket upgrade"));
          }
        });
  }

  /** Cross-site WebSocket hijacking guard: a browser always sends Origin; it must be us or a configured origin. */
  private boolean originAllowed(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    if (origin == null) {
      return true;  // not a browser
    }
    if (allowedOrigins.contains(origin)) {
      return true;
    }
    try {
      String host = ctx.request().authority() == null ? null : ctx.request().authority().toString();
      return host != null && host.equalsIgnoreCase(URI.create(origin).getRawAuthority());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static void closeQuietly(ServerWebSocket ws, short code, String reason) {
    if (!ws.isClosed()) {
      ws.close(code, reason);
    }
  }
}
