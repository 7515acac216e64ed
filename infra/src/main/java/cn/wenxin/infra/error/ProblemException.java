package cn.wenxin.infra.error;

import io.vertx.core.json.JsonObject;

/**
 * The one error model: a domain failure that becomes an RFC 9457 problem ({@code application/problem+json}).
 * Services throw or fail futures with these; the gateway maps them to HTTP in exactly one place.
 *
 * <p>Every problem carries a stable {@code code} (snake_case) that the web client and the gateway translate for a
 * person; the English {@code detail} is for logs and English readers. A problem made without a code gets its
 * {@code reason} extension, or else one named for its status ({@link #defaultCode(int)}).
 */
public class ProblemException extends RuntimeException {

  private final int status;
  private final String title;
  private final JsonObject extensions;
  private final String code;

  public ProblemException(int status, String title, String detail) {
    this(status, title, detail, new JsonObject());
  }

  public ProblemException(int status, String title, String detail, JsonObject extensions) {
    this(status, null, title, detail, extensions);
  }

  public ProblemException(int status, String code, String title, String detail, JsonObject extensions) {
    super(detail, null, false, false);
    this.status = status;
    this.title = title;
    this.extensions = extensions;
    String reason = extensions.getValue("reason") instanceof String r ? r : null;
    this.code = code != null ? code : reason != null ? reason : defaultCode(status);
  }

  /** The same problem with a stable code that says what went wrong (the client shows a message per code). */
  public ProblemException withCode(String code) {
    return new ProblemException(status, code, title, detail(), extensions);
  }

  /** The code of a problem that was made without one: named for its status. */
  public static String defaultCode(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 409 -> "conflict";
      case 413 -> "too_large";
      case 415 -> "unsupported_media_type";
      case 422 -> "unprocessable";
      case 429 -> "too_many_requests";
      case 503 -> "unavailable";
      default -> status >= 500 ? "internal" : "bad_request";
    };
  }

  public String code() {
    return code;
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
        .put("code", code)
        .put("detail", detail());
    extensions.forEach(e -> json.put(e.getKey(), e.getValue()));
    return json;
  }

  public static ProblemException fromJson(JsonObject json) {
    JsonObject ext = json.copy();
    for (String k : new String[] {"type", "title", "status", "code", "detail", "requestId"}) {
      ext.remove(k);
    }
    return new ProblemException(json.getInteger("status", 500), json.getString("code"),
        json.getString("title", "Error"), json.getString("detail", ""), ext);
  }
}
