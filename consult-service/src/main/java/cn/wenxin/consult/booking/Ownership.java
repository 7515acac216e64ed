package cn.wenxin.consult.booking;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/** Whether a booking document owns a hold entry: it occupies time and lists that entry with that token. */
final class Ownership {

  private Ownership() {
  }

  static boolean occupying(JsonObject b) {
    String status = b.getString("status");
    return BookingStore.CONFIRMED.equals(status) || BookingStore.OFFERED.equals(status);
  }

  static boolean owns(JsonObject b, String holdId, String token) {
    if (!occupying(b)) {
      return false;
    }
    JsonArray holds = b.getJsonArray("holds", new JsonArray());
    return holds.stream().map(o -> (JsonObject) o)
        .anyMatch(h -> holdId.equals(h.getString("id")) && token.equals(h.getString("t")));
  }

  static boolean ended(JsonObject b) {
    String end = b.getString("end");
    return end != null && !Instant.parse(end).isAfter(Instant.now());
  }
}
