package cn.wenxin.consult.directory;

import cn.wenxin.consult.ConsultCollections;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads which expert time is spoken for, for display. It never decides whether a booking may happen: the unique
 * slot claims do that (booking.SlotClaims).
 */
public final class BusyTimes {

  /** Statuses that occupy an expert's time. */
  public static final JsonArray OCCUPYING = new JsonArray().add("confirmed").add("offered");

  private final MongoClient mongo;

  public BusyTimes(MongoClient mongo) {
    this.mongo = mongo;
  }

  public Future<List<SlotCalendar.Busy>> of(String expertId, Instant from, Instant to) {
    return query(new JsonObject().put("expertId", expertId), from, to)
        .map(m -> m.getOrDefault(expertId, List.of()));
  }

  /** Every expert's busy times overlapping the window, by expert id. */
  public Future<Map<String, List<SlotCalendar.Busy>>> all(Instant from, Instant to) {
    return query(new JsonObject(), from, to);
  }

  private Future<Map<String, List<SlotCalendar.Busy>>> query(JsonObject filter, Instant from, Instant to) {
    // A day's margin on each side so that the daily cap counts the whole local day.
    filter.put("status", new JsonObject().put("$in", OCCUPYING))
        .put("start", new JsonObject().put("$lt", Times.iso(to.plusSeconds(86_400))))
        .put("end", new JsonObject().put("$gt", Times.iso(from.minusSeconds(86_400))));
    FindOptions fields = new FindOptions().setFields(new JsonObject().put("expertId", 1).put("start", 1).put("end", 1));
    return mongo.findWithOptions(ConsultCollections.BOOKINGS, filter, fields).map(docs -> {
      Map<String, List<SlotCalendar.Busy>> map = new HashMap<>();
      for (JsonObject d : docs) {
        map.computeIfAbsent(d.getString("expertId"), k -> new ArrayList<>()).add(
            new SlotCalendar.Busy(Instant.parse(d.getString("start")), Instant.parse(d.getString("end"))));
      }
      return map;
    });
  }
}
