package cn.wenxin.infra.error;

import io.vertx.core.json.JsonObject;

/**
 * The one error model: a domain failure that becomes an RFC 9457 problem ({@code application/problem+json}).
 * Services throw or fail futures with these; the gateway maps them to HTTP in exactly one place.
 */
public class ProblemException extends RuntimeException {

  private final int status;
  private final String title;
  private final JsonObject extensions;

  public ProblemException(int status, String title, String detail) {
    this(status, title, detail, new JsonObject());
  }

  public ProblemException(int status, String title, String detail, JsonObject extensions) {
    super(detail, null, false, false);
    this.status = status;
    this.title = title;
    this.extensions = extensions;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return getMessage();
  }

  public JsonObject extensions() {
    return extensions;
  }

  public static ProblemException badRequest(String detail) {
    return new ProblemException(400, "Bad request", detail);
  }

  public static ProblemException unauthorized(String detail) {
    return new ProblemException(401, "Unauthorized", detail);
  }

  public static ProblemException forbidden(String detail) {
    return new ProblemException(403, "Forbidden", detail);
  }

  public static ProblemException notFound(String detail) {
    return new ProblemException(404, "Not found", detail);
  }

  public static ProblemException conflict(String detail) {
    return new ProblemException(409, "Conflict", detail);
  }

  public static ProblemException unprocessable(String detail) {
    return new ProblemException(422, "Unprocessable", detail);
  }

  public static ProblemException tooManyRequests(String detail, long retryAfterSeconds) {
    return new ProblemException(429, "Too many requests", detail, new JsonObject().put("retryAfter", retryAfterSeconds));
  }

  public static ProblemException unavailable(String detail) {
    return new ProblemException(503, "Service unavailable", detail);
  }

  /** The problem document, without the request id (the gateway adds it). */
  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("type", "https://wenxin.local/problems/" + status)
        .put("title", title)
        .put("status", status)
        .put("detail", detail());
    extensions.forEach(e -> json.put(e.getKey(), e.getValue()));
    return json;
  }

  public static ProblemException fromJson(JsonObject json) {
    JsonObject ext = json.copy();
    for (String k : new String[] {"type", "title", "status", "detail", "requestId"}) {
      ext.remove(k);
    }
    return new ProblemException(json.getInteger("status", 500), json.getString("title", "Error"),
        json.getString("detail", ""), ext);
  }
}
