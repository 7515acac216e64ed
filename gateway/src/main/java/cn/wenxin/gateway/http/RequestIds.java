package cn.wenxin.gateway.http;

import cn.wenxin.infra.logging.RequestContext;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.UUID;
import java.util.regex.Pattern;

/** Accepts a caller's X-Request-Id when it is sane, makes one otherwise, and puts it on the context and response. */
public final class RequestIds implements Handler<RoutingContext> {

  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  public static final String KEY = "requestId";

  @Override
  public void handle(RoutingContext ctx) {
    String given = ctx.request().getHeader(RequestContext.HEADER);
    String id = given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString();
    ctx.put(KEY, id);
    RequestContext.set(id);
    ctx.response().putHeader(RequestContext.HEADER, id);
    ctx.next();
  }
}
