package cn.wenxin.gateway.api;

import cn.wenxin.gateway.http.RequestIds;
import cn.wenxin.infra.bus.ServiceClient;
import cn.wenxin.infra.bus.ServiceEndpoint;
import cn.wenxin.infra.bus.ServiceRequest;
import cn.wenxin.infra.error.FreeText;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.security.Role;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The last handler of every API route: checks that the caller may use the operation (signed in, right role), then
 * sends the validated request to the service named by the operation's {@code x-wenxin-address}, the action being
 * its operationId, and writes the service's answer. Ownership checks ("is this your booking?") are the service's.
 */
final class OperationDispatcher implements Handler<RoutingContext> {

  /** Request headers a service may see; everything else (cookies, authorization) stays here. */
  private static final Set<String> FORWARDED_HEADERS = Set.of("idempotency-key");

  private final ServiceClient services;
  private final Operation operation;
  private final String address;
  private final boolean needsCaller;
  private final Set<Role> roles;
  private final int defaultStatus;

  OperationDispatcher(ServiceClient services, Operation operation) {
    this.services = services;
    this.operation = operation;
    Map<String, Object> ext = operation.getExtensions();
    this.address = (String) ext.get("x-wenxin-address");
    if (address == null) {
      throw new IllegalStateException("Operation " + operation.getOperationId() + " has no x-wenxin-address");
    }
    // An operation with "security: []" is public; all others inherit the document's bearer requirement.
    this.needsCaller = !operation.getSecurityRequirements().isEmpty();
    Object r = ext.get("x-wenxin-roles");
    List<?> names = r instanceof JsonArray a ? a.getList() : r instanceof List<?> l ? l : List.of();
    this.roles = names.stream().map(n -> Role.fromWire(n.toString())).collect(Collectors.toUnmodifiableSet());
    this.defaultStatus = operation.getOpenAPIModel().getJsonObject("responses").fieldNames().stream()
        .filter(code -> code.startsWith("2")).mapToInt(Integer::parseInt).min().orElse(200);
  }

  @Override
  public void handle(RoutingContext ctx) {
    Principal caller = ctx.get(Authenticator.PRINCIPAL);
    if (needsCaller && caller == null) {
      ctx.fail(ProblemException.unauthorized("Sign in first"));
      return;
    }
    if (!roles.isEmpty() && (caller == null || !roles.contains(caller.role()))) {
      ctx.fail(ProblemException.forbidden("This is not available to your role"));
      return;
    }
    ValidatedRequest validated = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    JsonObject params = new JsonObject();
    validated.getPathParameters().forEach((k, v) -> putParam(params, k, v));
    validated.getQuery().forEach((k, v) -> putParam(params, k, v));
    validated.getHeaders().forEach((k, v) -> {
      if (FORWARDED_HEADERS.contains(k.toLowerCase(java.util.Locale.ROOT))) {
        putParam(params, k, v);
      }
    });
    RequestParameter body = validated.getBody();
    JsonObject meta = new JsonObject()
        .put("clientAddress", ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress())
        .put("requestId", ctx.<String>get(RequestIds.KEY));
    // Control characters and bidi overrides are stripped from free text here, once, for every service.
    ServiceRequest request = new ServiceRequest(operation.getOperationId(), caller, params,
        body == null || body.isNull() ? null : FreeText.cleanBody(body.get()), meta);
    services.call(address, operation.getOperationId(), request)
        .onSuccess(reply -> write(ctx, reply))
        .onFailure(ctx::fail);
  }

  private static void putParam(JsonObject params, String name, RequestParameter value) {
    if (value != null && !value.isNull()) {
      params.put(name, value.get());
    }
  }

  private void write(RoutingContext ctx, Message<Object> reply) {
    String status = reply.headers().get(ServiceEndpoint.STATUS);
    int code = status == null ? defaultStatus : Integer.parseInt(status);
    String type = reply.headers().get(ServiceEndpoint.CONTENT_TYPE);
    var response = ctx.response().setStatusCode(code);
    Object body = reply.body();
    if (body == null || code == 204) {
      response.end();
    } else if (body instanceof JsonObject || body instanceof JsonArray) {
      response.putHeader("Content-Type", type == null ? "application/json" : type)
          .end(body instanceof JsonObject o ? o.toBuffer() : ((JsonArray) body).toBuffer());
    } else if (body instanceof Buffer b) {
      response.putHeader("Content-Type", type == null ? "application/octet-stream" : type).end(b);
    } else {
      response.putHeader("Content-Type", type == null ? "text/plain; charset=utf-8" : type).end(body.toString());
    }
  }
}
