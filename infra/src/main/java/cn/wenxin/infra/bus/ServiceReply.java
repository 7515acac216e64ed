package cn.wenxin.infra.bus;

/**
 * A service answer that needs more than the operation's default status and JSON: a 201, a 204, or a body of
 * another media type (an iCalendar file). Plain {@code JsonObject} / {@code JsonArray} results need none of this.
 */
public record ServiceReply(int status, String contentType, Object body) {

  public static ServiceReply created(Object json) {
    return new ServiceReply(201, "application/json", json);
  }

  public static ServiceReply noContent() {
    return new ServiceReply(204, null, null);
  }

  public static ServiceReply text(String contentType, String body) {
    return new ServiceReply(200, contentType, body);
  }
}
