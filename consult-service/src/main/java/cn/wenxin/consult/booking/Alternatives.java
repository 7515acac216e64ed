package cn.wenxin.consult.booking;

import cn.wenxin.consult.directory.Availability;
import cn.wenxin.consult.directory.ExpertStore;
import cn.wenxin.consult.directory.SlotCalendar;
import cn.wenxin.consult.directory.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;

/** Other times for a booking: the same expert's next free slots, and similar experts (same topic and grade band). */
final class Alternatives {

  static final int SLOTS = 5;
  static final int EXPERTS = 5;

  private final BookingDeps d;

  Alternatives(BookingDeps d) {
    this.d = d;
  }

  /** School grade to the directory's grade bands. */
  static String gradeBand(Integer grade) {
    if (grade == null) {
      return null;
    }
    return grade <= 3 ? "primary_lower" : grade <= 6 ? "primary_upper" : grade <= 9 ? "junior" : "senior";
  }

  Future<JsonObject> forBooking(JsonObject b) {
    Instant now = Instant.now();
    return d.people().account(b.getString("studentId")).compose(student -> {
      JsonObject s = student == null ? null : student.getJsonObject("student");
      String band = gradeBand(s == null ? null : s.getInteger("grade"));
      return d.experts().active().compose(experts -> d.availability().all().compose(rules ->
          d.busy().all(now, now.plus(91, ChronoUnit.DAYS)).map(busy -> {
            String expertId = b.getString("expertId");
            JsonArray same = new JsonArray();
            // The expert who cancelled is not free at the cancelled time, even though its claims are gone.
            calendar(rules.get(expertId)).nextFree(now, busy.getOrDefault(expertId, List.of()), SLOTS + 1).stream()
                .filter(x -> !Times.iso(x.start()).equals(b.getString("start"))).limit(SLOTS)
                .forEach(x -> same.add(slot(x)));
            List<JsonObject> similar = experts.stream()
                .filter(e -> !e.getString("_id").equals(expertId))
                .filter(e -> e.getJsonArray("specialties", new JsonArray()).contains(b.getString("topic")))
                .filter(e -> band == null || e.getJsonArray("gradeBands", new JsonArray()).contains(band))
                .map(e -> {
                  List<SlotCalendar.Slot> next = calendar(rules.get(e.getString("_id")))
                      .nextFree(now, busy.getOrDefault(e.getString("_id"), List.of()), 3);
                  JsonArray slots = new JsonArray();
                  next.forEach(x -> slots.add(slot(x)));
                  JsonObject v = ExpertStore.view(e);
                  return new JsonObject().put("expertId", v.getString("id")).put("name", v.getString("name"))
                      .put("avatarUrl", v.getString("avatarUrl")).put("slots", slots);
                })
                .filter(e -> !e.getJsonArray("slots").isEmpty())
                .sorted(Comparator.comparing(e -> e.getJsonArray("slots").getJsonObject(0).getString("start")))
                .limit(EXPERTS).toList();
            return new JsonObject().put("sameExpert", same).put("similarExperts", new JsonArray(similar));
          })));
    });
  }

  private SlotCalendar calendar(Availability rules) {
    return new SlotCalendar(rules != null ? rules : Availability.empty(d.config().service().defaultZone()));
  }

  private static JsonObject slot(SlotCalendar.Slot s) {
    return new JsonObject().put("start", Times.iso(s.start())).put("end", Times.iso(s.end()));
  }
}
