package cn.wenxin.gateway.http;

import cn.wenxin.infra.error.Overload;
import cn.wenxin.infra.error.ProblemException;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP: RFC 9457 problem documents with the request id and a stable {@code code}.
 * The {@code detail} follows {@code Accept-Language} ({@link ProblemTexts}); a failed validation becomes the code
 * {@code invalid_request} with the pointers of what is wrong, never the validator's own words. 5xx are logged with
 * their stack and answered with a generic detail; 4xx are answered plainly and logged without a stack.
 */
public final class ProblemResponses implements Handler<RoutingContext> {

  private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

  @Override
  public void handle(RoutingContext ctx) {
    ProblemException problem = toProblem(ctx);
    // A domain 5xx or a busy dependency is expected under load: no stack. Anything else is a bug: its stack.
    boolean expected = ctx.failure() instanceof ProblemException || Overload.problemFor(ctx.failure()) != null;
    if (problem.status() >= 500 && expected) {
      log.warn("{} {} answered {}: {}", ctx.request().method(), ctx.request().path(), problem.status(),
          problem.detail());
    } else if (problem.status() >= 500) {
      log.error("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
    } else {
      log.info("{} {} answered {}: {}", ctx.request().method(), ctx.request().path(), problem.status(),
          problem.detail());
    }
    send(ctx, problem);
  }

  public static void send(RoutingContext ctx, ProblemException problem) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    boolean chinese = ProblemTexts.wantsChinese(ctx.acceptableLanguages().stream().map(l -> l.tag()).toList());
    JsonObject body = problem.toJson().put("requestId", ctx.<String>get(RequestIds.KEY))
        .put("detail", ProblemTexts.detail(chinese, problem.code(), ProblemException.defaultCode(problem.status()),
            problem.detail(), problem.extensions()));
    var response = ctx.response().setStatusCode(problem.status())
        .putHeader("Content-Type", "application/problem+json")
        .putHeader("Content-Language", chinese ? "zh-CN" : "en");
    if (problem.status() == 401) {
      response.putHeader("WWW-Authenticate", "Bearer");
    }
    Object retryAfter = problem.extensions().getValue("retryAfter");
    if (retryAfter != null) {
      response.putHeader("Retry-After", retryAfter.toString());
    }
    response.end(body.encode());
  }

  static ProblemException toProblem(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ProblemException p) {
      return p;
    }
    if (failure instanceof HttpException http) {
      Throwable cause = http.getCause();
      if (cause instanceof SchemaValidationException schema) {
        return invalid(new JsonObject().put("errors", errors(schema.getOutputUnit())), schema.getMessage());
      }
      if (cause instanceof ValidatorException v) {
        return invalid(new JsonObject(), v.getMessage());
      }
      if (cause instanceof DecodeException) {
        return unreadable();
      }
      return new ProblemException(http.getStatusCode(), reason(http.getStatusCode()),
          http.getPayload() != null ? http.getPayload() : reason(http.getStatusCode()));
    }
    if (failure instanceof DecodeException) {
      return unreadable();
    }
    ProblemException overload = Overload.problemFor(failure);
    if (overload != null) {
      return overload;
    }
    int status = ctx.statusCode();
    if (failure == null && status >= 400 && status < 500) {
      return new ProblemException(status, reason(status), reason(status));
    }
    return new ProblemException(500, "Internal error", "Something went wrong on our side; it has been logged.");
  }

  // The validator's words ("does not match additional properties schema") are logged, never sent to a person.
  private static ProblemException invalid(JsonObject extensions, String validatorSays) {
    log.info("Request failed validation: {} {}", validatorSays, extensions);
    return new ProblemException(400, "invalid_request", "Invalid request", ProblemTexts.english("invalid_request"),
        extensions);
  }

  private static ProblemException unreadable() {
    return new ProblemException(400, "invalid_json", "Bad request", ProblemTexts.english("invalid_json"),
        new JsonObject());
  }

  /** Where in the body something is wrong (JSON pointers, deepest first), without the validator's wording. */
  private static io.vertx.core.json.JsonArray errors(io.vertx.json.schema.OutputUnit unit) {
    var list = unit.getErrors() == null || unit.getErrors().isEmpty() ? java.util.List.of(unit) : unit.getErrors();
    var pointers = new java.util.TreeSet<String>(java.util.Comparator.comparingInt(String::length).reversed()
        .thenComparing(java.util.Comparator.naturalOrder()));
    list.forEach(e -> pointers.add(e.getInstanceLocation() == null ? "" : e.getInstanceLocation()));
    var out = new io.vertx.core.json.JsonArray();
    pointers.forEach(p -> out.add(new JsonObject().put("pointer", p)));
    return out;
  }

  private static String reason(int status) {
    return switch (status) {
      case 400 -> "Bad request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not found";
      case 405 -> "Method not allowed";
      case 413 -> "Request body too large";
      case 415 -> "Unsupported media type";
      default -> io.netty.handler.codec.http.HttpResponseStatus.valueOf(status).reasonPhrase();
    };
  }
}
