package cn.wenxin.gateway.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.regex.Pattern;

/**
 * Cache rules for the web client's files. The shell (/, index.html, any page path) is revalidated on every load, so
 * a deploy reaches everybody at once; files whose names carry a content hash never change and are cached for a year.
 */
public final class StaticCaching implements Handler<RoutingContext> {

  /** Vite names built files like {@code /assets/index-B1x9_zQk.js}. */
  private static final Pattern HASHED = Pattern.compile("^/assets/[^/]+-[A-Za-z0-9_-]{8,}\\.[a-z0-9]+$");
  static final String IMMUTABLE = "public, max-age=31536000, immutable";

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    String rule = HASHED.matcher(path).matches() ? IMMUTABLE : "no-cache";
    // Set as the head is written, so that it wins over whatever the static handler chose.
    ctx.addHeadersEndHandler(v -> ctx.response().headers().set("Cache-Control", rule));
    ctx.next();
  }
}
