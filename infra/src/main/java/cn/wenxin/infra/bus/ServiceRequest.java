package cn.wenxin.infra.bus;

import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.security.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;

/**
 * One call to a service over the event bus: the action, who asks (absent for public operations), the validated
 * path and query parameters, the body, and request meta (idempotency key, client address).
 */
public record ServiceRequest(String action, Principal principal, JsonObject params, Object body, JsonObject meta) {

  public static ServiceRequest fromJson(String action, JsonObject json) {
    JsonObject p = json.getJsonObject("principal");
    return new ServiceRequest(action,
        p == null ? null : Principal.fromJson(p),
        json.getJsonObject("params", new JsonObject()),
        json.getValue("body"),
        json.getJsonObject("meta", new JsonObject()));
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("principal", principal == null ? null : principal.toJson())
        .put("params", params)
        .put("body", body)
        .put("meta", meta);
  }

  public static ServiceRequest of(Principal principal, JsonObject params, Object body) {
    return new ServiceRequest(null, principal, params, body, new JsonObject());
  }

  public JsonObject bodyObject() {
    if (body instanceof JsonObject o) {
      return o;
    }
    throw ProblemException.badRequest("A JSON object body is required");
  }

  public JsonArray bodyArray() {
    if (body instanceof JsonArray a) {
      return a;
    }
    throw ProblemException.badRequest("A JSON array body is required");
  }

  public String param(String name) {
    Object v = params.getValue(name);
    return v == null ? null : v.toString();
  }

  public String requiredParam(String name) {
    String v = param(name);
    if (v == null || v.isBlank()) {
      throw ProblemException.badRequest("Parameter '" + name + "' is required");
    }
    return v;
  }

  public String meta(String name) {
    return meta.getString(name);
  }

  /** The caller, who must be signed in and hold one of the roles (none given: any role). */
  public Principal caller(Role... roles) {
    if (principal == null) {
      throw ProblemException.unauthorized("Sign in first");
    }
    if (roles.length > 0 && Arrays.stream(roles).noneMatch(r -> r == principal.role())) {
      throw ProblemException.forbidden("This is not available to the " + principal.role().wire() + " role");
    }
    return principal;
  }
}
