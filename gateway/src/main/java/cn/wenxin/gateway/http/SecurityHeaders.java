package cn.wenxin.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers every response carries. The page loads nothing from elsewhere (no CDN, no inline script), and may not be
 * framed. API answers are never cached: they are about a child's counseling.
 */
public final class SecurityHeaders implements Handler<RoutingContext> {

  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
      + "img-src 'self' data: blob:; connect-src 'self'; font-src 'self' data:; object-src 'none'; "
      + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

  private final String csp;

  public SecurityHeaders() {
    this(java.util.List.of(), java.util.List.of());
  }

  /** With a Jitsi deployment: its library may be loaded and its websocket opened (WENXIN_JITSI_*). */
  public SecurityHeaders(java.util.List<String> scriptOrigins, java.util.List<String> connectOrigins) {
    String script = scriptOrigins.isEmpty() ? "" : " " + String.join(" ", scriptOrigins);
    String connect = connectOrigins.isEmpty() ? "" : " " + String.join(" ", connectOrigins);
    this.csp = CSP.replace("script-src 'self'", "script-src 'self'" + script)
        .replace("connect-src 'self'", "connect-src 'self'" + connect);
  }

  @Override
  public void handle(RoutingContext ctx) {
    MultiMap h = ctx.response().headers();
    h.set("Content-Security-Policy", csp);
    h.set("X-Content-Type-Options", "nosniff");
    h.set("Referrer-Policy", "no-referrer");
    h.set("X-Frame-Options", "DENY");
    h.set("Permissions-Policy", "camera=(self), microphone=(self), geolocation=()");
    h.set("Cross-Origin-Opener-Policy", "same-origin");
    if (ctx.request().path().startsWith("/api/")) {
      h.set("Cache-Control", "no-store");
    }
    ctx.next();
  }
}
