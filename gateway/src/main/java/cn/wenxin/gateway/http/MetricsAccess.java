package cn.wenxin.gateway.http;

import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.error.ProblemException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code /metrics} tells how the service is used (request counts per route, sign-ins, sockets): only a scraper on a
 * configured network ({@code WENXIN_METRICS_NETWORKS}) or one presenting {@code WENXIN_METRICS_TOKEN} as a bearer
 * token may read it. Anyone else gets a 404, as if there were nothing there.
 */
public final class MetricsAccess implements Handler<RoutingContext> {

  private final Networks networks;
  private final byte[] token;

  public MetricsAccess(WenxinConfig.Protection protection) {
    this.networks = new Networks(protection.metricsNetworks());
    this.token = protection.metricsToken().isEmpty() ? null : protection.metricsToken().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String address = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
    if (networks.contains(address) || tokenMatches(ctx.request().getHeader("Authorization"))) {
      ctx.next();
    } else {
      ctx.fail(ProblemException.notFound("Nothing here"));
    }
  }

  private boolean tokenMatches(String header) {
    if (token == null || header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return MessageDigest.isEqual(token, header.substring(7).trim().getBytes(StandardCharsets.UTF_8));
  }
}
