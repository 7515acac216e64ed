package cn.wenxin.gateway.realtime;

import io.vertx.core.json.JsonObject;

/**
 * Defensive reading of inbound frames: a JSON object with a short string {@code type}, fields of the types the
 * protocol says. Anything else is a {@link BadFrame}, answered with {@code bad_message} and never a stack trace.
 */
final class Frames {

  static final int MAX_TYPE_LENGTH = 64;

  private Frames() {
  }

  /** A frame the protocol cannot read; its message is the detail the client gets. */
  static final class BadFrame extends RuntimeException {
    BadFrame(String detail) {
      super(detail, null, false, false);
    }
  }

  static JsonObject parse(String text) {
    Object value;
    try {
      value = io.vertx.core.json.Json.decodeValue(text);
    } catch (RuntimeException e) {
      throw new BadFrame("Messages are JSON objects with a type");
    }
    if (!(value instanceof JsonObject frame)) {
      throw new BadFrame("Messages are JSON objects with a type");
    }
    Object type = frame.getValue("type");
    if (!(type instanceof String t) || t.isEmpty() || t.length() > MAX_TYPE_LENGTH) {
      throw new BadFrame("'type' must be a short string");
    }
    return frame;
  }

  static String type(JsonObject frame) {
    return frame.getString("type");
  }

  /** A required string field. */
  static String string(JsonObject frame, String field) {
    Object v = frame.getValue(field);
    if (!(v instanceof String s) || s.isEmpty()) {
      throw new BadFrame("'" + field + "' must be a non-empty string");
    }
    return s;
  }

  /** An optional whole number that is not negative; absent or null gives the default. */
  static long count(JsonObject frame, String field, long absent) {
    Object v = frame.getValue(field);
    if (v == null) {
      return absent;
    }
    if (v instanceof Number n && n.doubleValue() == Math.floor(n.doubleValue()) && n.longValue() >= 0
        && !Double.isInfinite(n.doubleValue())) {
      return n.longValue();
    }
    throw new BadFrame("'" + field + "' must be a whole number, 0 or more");
  }
}
