package cn.wenxin.consult.directory;

import cn.wenxin.consult.ConsultCollections;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which expert time is spoken for, read from the very documents that decide it (the expert-day holds of
 * booking.TimeHolds: confirmed bookings, waitlist offers, attempts in flight). So what the directory shows as free
 * is exactly what a booking can take, never a time that would be refused.
 */
public final class BusyTimes {

  private final MongoClient mongo;

  public BusyTimes(MongoClient mongo) {
    this.mongo = mongo;
  }

  public Future<List<SlotCalendar.Busy>> of(String expertId, Instant from, Instant to) {
    JsonArray ids = new JsonArray();
    for (LocalDate d = day(from).minusDays(1); !d.isAfter(day(to).plusDays(1)); d = d.plusDays(1)) {
      ids.add("E|" + expertId + "|" + d);
    }
    return mongo.find(ConsultCollections.TIME_HOLDS, new JsonObject().put("_id", new JsonObject().put("$in", ids)))
        .map(docs -> byExpert(docs).getOrDefault(expertId, List.of()));
  }

  /** Every expert's busy times overlapping the window (a day's margin each side, for daily caps), by expert id. */
  public Future<Map<String, List<SlotCalendar.Busy>>> all(Instant from, Instant to) {
    JsonObject filter = new JsonObject().put("k", "E").put("day", new JsonObject()
        .put("$gte", day(from).minusDays(1).toString()).put("$lte", day(to).plusDays(1).toString()));
    return mongo.find(ConsultCollections.TIME_HOLDS, filter).map(BusyTimes::byExpert);
  }

  private static LocalDate day(Instant t) {
    return t.atOffset(ZoneOffset.UTC).toLocalDate();
  }

  /** An interval crossing midnight UTC sits in two day documents: counted once. */
  private static Map<String, List<SlotCalendar.Busy>> byExpert(List<JsonObject> docs) {
    Map<String, List<SlotCalendar.Busy>> map = new HashMap<>();
    Set<String> seen = new HashSet<>();
    for (JsonObject doc : docs) {
      String id = doc.getString("_id");
      String expertId = id.substring(2, id.lastIndexOf('|'));
      for (Object o : doc.getJsonArray("iv", new JsonArray())) {
        JsonObject e = (JsonObject) o;
        if (seen.add(e.getString("t") + "|" + e.getLong("s"))) {
          map.computeIfAbsent(expertId, k -> new ArrayList<>()).add(new SlotCalendar.Busy(
              Instant.ofEpochSecond(e.getLong("s")), Instant.ofEpochSecond(e.getLong("e"))));
        }
      }
    }
    return map;
  }
}
