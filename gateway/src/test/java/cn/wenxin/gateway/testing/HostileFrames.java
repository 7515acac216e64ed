package cn.wenxin.gateway.testing;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Random;

/** Frames a careless or hostile client might send. */
public final class HostileFrames {
  private static final Object[] VALUES = {null, "", "abc", -1, 0, 1.5, Long.MAX_VALUE, 1e308, true,
      new JsonArray().add(1), new JsonObject().put("a", 1), "\u0000\u202e", "x".repeat(300)};
  private static final String[] TYPES = {"hello", "auth", "ping", "welcome", "", "HELLO", "chat", "x".repeat(80)};

  private HostileFrames() {
  }

  public static String frame(Random r) {
    switch (r.nextInt(6)) {
      case 0:
        return randomText(r);
      case 1:
        return Buffer.buffer(new byte[] {'{', '"', (byte) r.nextInt(256)}).toString();
      default:
        JsonObject f = new JsonObject();
        f.put("type", r.nextInt(5) == 0 ? VALUES[r.nextInt(VALUES.length)] : TYPES[r.nextInt(TYPES.length)]);
        for (String field : new String[] {"token", "resumeAfter", "seq", "data"}) {
          if (r.nextBoolean()) {
            f.put(field, VALUES[r.nextInt(VALUES.length)]);
          }
        }
        return f.encode();
    }
  }

  private static String randomText(Random r) {
    StringBuilder b = new StringBuilder();
    int n = r.nextInt(40);
    for (int i = 0; i < n; i++) {
      b.append((char) r.nextInt(0x3000));
    }
    return b.toString();
  }
}
