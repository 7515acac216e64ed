package cn.wenxin.consult.booking;

import cn.wenxin.consult.ConsultCollections;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static cn.wenxin.consult.testing.ConsultFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The invariant, checked on the documents themselves: no two bookings' entries overlap in any day document, every
 * entry belongs to a booking that owns it (nothing blocks a free time), and every live booking holds its time.
 */
final class HoldAudit {

  private HoldAudit() {
  }

  static void assertConsistent(MongoClient mongo) {
    List<JsonObject> docs = await(mongo.find(ConsultCollections.TIME_HOLDS, new JsonObject()));
    Map<String, JsonObject> bookings = await(mongo.find(ConsultCollections.BOOKINGS, new JsonObject())).stream()
        .collect(Collectors.toMap(b -> b.getString("_id"), b -> b));
    for (JsonObject doc : docs) {
      String id = doc.getString("_id");
      JsonArray iv = doc.getJsonArray("iv", new JsonArray());
      for (int i = 0; i < iv.size(); i++) {
        JsonObject x = iv.getJsonObject(i);
        JsonObject owner = bookings.get(x.getString("b"));
        assertThat(owner != null && Ownership.owns(owner, id, x.getString("t")))
            .as("entry %s in %s belongs to a live booking that lists it", x, id).isTrue();
        for (int j = i + 1; j < iv.size() && !id.startsWith("C|") && !id.startsWith("D|"); j++) {
          JsonObject y = iv.getJsonObject(j);
          boolean overlap = x.getLong("s") < y.getLong("e") && y.getLong("s") < x.getLong("e");
          assertThat(overlap && !x.getString("b").equals(y.getString("b")))
              .as("%s and %s overlap in %s", x, y, id).isFalse();
        }
      }
    }
    for (JsonObject b : bookings.values()) {
      if (!Ownership.occupying(b) || Instant.parse(b.getString("end")).isBefore(Instant.now())) {
        continue;
      }
      long s = Instant.parse(b.getString("start")).getEpochSecond();
      for (String side : List.of("E|" + b.getString("expertId"), "S|" + b.getString("studentId"))) {
        if (side.startsWith("S|") && BookingStore.OFFERED.equals(b.getString("status"))) {
          continue;   // an offer holds the expert's time only
        }
        boolean held = docs.stream().filter(d -> d.getString("_id").startsWith(side + "|"))
            .flatMap(d -> d.getJsonArray("iv").stream().map(o -> (JsonObject) o))
            .anyMatch(x -> x.getString("b").equals(b.getString("_id")) && x.getLong("s") == s);
        assertThat(held).as("booking %s holds its time on side %s", b.getString("_id"), side).isTrue();
      }
    }
  }
}
