package cn.wenxin.infra.error;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Free text people type (notes, reasons, names) without the characters that only hide or disguise: control
 * characters other than line breaks and tabs, and bidirectional overrides that make text read other than it is
 * stored. Applied once, by the gateway, to every string of a request body; secrets are left exactly as sent.
 */
public final class FreeText {

  private FreeText() {
  }

  public static String clean(String s) {
    if (s == null || s.chars().noneMatch(FreeText::hidden)) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    s.chars().filter(c -> !hidden(c)).forEach(c -> b.append((char) c));
    return b.toString();
  }

  /** Every string value in a JSON body, in place, except those of secret fields. */
  public static Object cleanBody(Object body) {
    if (body instanceof JsonObject o) {
      for (String key : o.fieldNames().toArray(new String[0])) {
        if (!key.equals("password") && !key.equals("refreshToken") && !key.equals("token")) {
          o.put(key, cleanBody(o.getValue(key)));
        }
      }
      return o;
    }
    if (body instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        a.set(i, cleanBody(a.getValue(i)));
      }
      return a;
    }
    return body instanceof String s ? clean(s) : body;
  }

  private static boolean hidden(int c) {
    return (c < 0x20 && c != '\n' && c != '\r' && c != '\t') || (c >= 0x7f && c <= 0x9f)
        || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f
        || c == 0x061c || c == 0xfeff;
  }
}
