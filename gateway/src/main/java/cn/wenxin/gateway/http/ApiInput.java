package cn.wenxin.gateway.http;

import cn.wenxin.infra.error.ProblemException;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Set;

/**
 * API input before the body is read and validated. The API speaks JSON only: a form or multipart body is a 415
 * (the body reader would otherwise try to decode it). A query that is not valid URL encoding ({@code q=100%}) is a
 * 400. And the
 * request validator (vertx-openapi 5.0.7) URL-decodes the already decoded values a second time, so a search for
 * "100%" ({@code q=100%25}) failed there: the characters that decoding changes are escaped once more, so that the
 * second decoding gives back exactly what the client sent.
 */
public final class ApiInput implements Handler<RoutingContext> {

  @Override
  public void handle(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    String t = type == null ? "" : type.trim().toLowerCase(java.util.Locale.ROOT);
    if (t.startsWith("multipart/") || t.startsWith("application/x-www-form-urlencoded")) {
      ctx.fail(new ProblemException(415, "Unsupported media type", "Send the body as application/json"));
      return;
    }
    MultiMap params;
    try {
      params = ctx.request().params();
    } catch (RuntimeException notUrlEncoded) {
      ctx.fail(ProblemException.badRequest("The query string is not valid URL encoding"));
      return;
    }
    for (String name : Set.copyOf(params.names())) {
      List<String> values = params.getAll(name);
      params.remove(name);
      values.forEach(v -> params.add(name, escape(v)));
    }
    ctx.next();
  }

  static String escape(String value) {
    return value.indexOf('%') < 0 && value.indexOf('+') < 0 ? value
        : value.replace("%", "%25").replace("+", "%2B");
  }
}
