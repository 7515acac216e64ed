package cn.wenxin.bench.node;

import cn.wenxin.consult.ConsultCollections;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** After the load: every confirmed booking, checked for two that overlap for one expert or for one student. */
final class BookingAudit {

  private BookingAudit() {
  }

  static Future<JsonObject> run(MongoClient mongo) {
    return mongo.find(ConsultCollections.BOOKINGS, new JsonObject().put("status", "confirmed")).map(docs -> {
      Map<String, List<JsonObject>> byExpert = new HashMap<>();
      Map<String, List<JsonObject>> byStudent = new HashMap<>();
      for (JsonObject d : docs) {
        byExpert.computeIfAbsent(d.getString("expertId"), k -> new ArrayList<>()).add(d);
        byStudent.computeIfAbsent(d.getString("studentId"), k -> new ArrayList<>()).add(d);
      }
      return new JsonObject().put("confirmed", docs.size())
          .put("expertOverlaps", overlaps(byExpert)).put("studentOverlaps", overlaps(byStudent));
    });
  }

  private static JsonArray overlaps(Map<String, List<JsonObject>> groups) {
    JsonArray found = new JsonArray();
    for (List<JsonObject> list : groups.values()) {
      list.sort(Comparator.comparing(d -> Instant.parse(d.getString("start"))));
      JsonObject latest = null;   // the booking seen so far that ends last
      for (JsonObject cur : list) {
        if (latest != null && Instant.parse(cur.getString("start")).isBefore(Instant.parse(latest.getString("end")))) {
          found.add(new JsonArray().add(latest.getString("_id")).add(cur.getString("_id")));
        }
        if (latest == null || cur.getString("end").compareTo(latest.getString("end")) > 0) {
          latest = cur;
        }
      }
    }
    return found;
  }
}
