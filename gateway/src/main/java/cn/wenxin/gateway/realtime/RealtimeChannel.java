package cn.wenxin.gateway.realtime;

import cn.wenxin.gateway.api.Authenticator;
import cn.wenxin.infra.bus.ServiceClient;
import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.metrics.WenxinMetrics;
import cn.wenxin.infra.error.ProblemException;
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
 * Protocol: docs/realtime.md. Each connection is a {@link RealtimeSession}; frames go through one {@link FrameTable}.
 * What every connection of this gateway instance shares is held here once, not per socket (the {@code idleSockets}
 * benchmark counts each socket's heap).
 */
public final class RealtimeChannel {

  private static final Logger log = LoggerFactory.getLogger(RealtimeChannel.class);

  final Vertx vertx;
  final Authenticator authenticator;
  private final List<String> allowedOrigins;
  final FrameTable frames = FrameTable.standard();
  final OnlineUsers online;
  final SocketCounts counts;
  /** Nothing heard for this long (three missed 25 s pings by default): the other end is gone. */
  final long idleMs;
  final LiveRooms liveRooms;
  final ServiceClient services;
  final SessionClocks clocks;

  public RealtimeChannel(Vertx vertx, Authenticator authenticator, Presence presence, WenxinConfig config) {
    this.vertx = vertx;
    this.authenticator = authenticator;
    this.allowedOrigins = config.http().corsOrigins();
    this.online = new OnlineUsers(vertx, presence);
    this.counts = SocketCounts.of(vertx, config.protection().socketsPerUser(), config.protection().socketsPerAddress());
    WenxinMetrics.of(vertx, config).sockets(counts);
    this.idleMs = config.protection().socketIdle().toMillis();
    this.liveRooms = new LiveRooms(vertx);
    this.services = new ServiceClient(vertx);
    this.clocks = new SessionClocks(vertx, SessionClocks.tickMs(idleMs));
  }

  public void upgrade(RoutingContext ctx) {
    if (!originAllowed(ctx)) {
      ctx.fail(new ProblemException(403, "Forbidden", "WebSocket origin not allowed"));
      return;
    }
    String address = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
    if (!counts.tryAddress(address)) {
      ctx.fail(ProblemException.tooManyRequests("Too many open connections from this address", 30));
      return;
    }
    ctx.request().toWebSocket()
        .onSuccess(ws -> {
          // The headers the router put on the response (request id, security headers) are done with once the
          // handshake is answered; kept, they would stay with the socket as long as it is open.
          ctx.response().headers().clear();
          new RealtimeSession(this, ws, address).start();
        })
        .onFailure(err -> {
          counts.releaseAddress(address);
          log.info("WebSocket upgrade refused: {}", err.getMessage());
          if (!ctx.response().ended()) {
            ctx.fail(ProblemException.badRequest("Expected a WebSocket upgrade"));
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
