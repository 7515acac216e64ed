package cn.wenxin.consult.hotline;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.infra.error.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * The duty roster (值班): who is on duty at which local hour, as a hotline worker, a crisis expert or the duty lead.
 * One document per person: {_id = account id, duty, hours: [0..23]}. Away (the staff member's own switch) takes a
 * rostered person out of "help next" and alerts without changing the roster.
 */
final class Roster {

  static final Set<String> DUTIES = Set.of("hotline", "crisis", "lead");

  private final MongoClient mongo;
  private final ZoneId zone;

  Roster(MongoClient mongo, ZoneId zone) {
    this.mongo = mongo;
    this.zone = zone;
  }

  Future<List<JsonObject>> all() {
    return mongo.find(ConsultCollections.HOTLINE_ROSTER, new JsonObject());
  }

  /** Sets one person's duty and hours (an admin's edit); an empty list of hours takes them off the roster. */
  Future<JsonObject> set(String staffId, String duty, JsonArray hours) {
    if (!DUTIES.contains(duty)) {
      return Future.failedFuture(ProblemException.badRequest("duty is hotline, crisis or lead"));
    }
    JsonArray clean = new JsonArray();
    hours.stream().map(h -> ((Number) h).intValue()).filter(h -> h >= 0 && h < 24).distinct().sorted()
        .forEach(clean::add);
    JsonObject doc = new JsonObject().put("duty", duty).put("hours", clean);
    return mongo.updateCollectionWithOptions(ConsultCollections.HOTLINE_ROSTER, new JsonObject().put("_id", staffId),
        new JsonObject().put("$set", doc), new UpdateOptions().setUpsert(true)).map(r -> doc.put("_id", staffId));
  }

  /** Seeds a person's duty only if they have none yet (the demo roster; an admin's edit is never overwritten). */
  Future<Void> seed(String staffId, String duty) {
    JsonArray every = new JsonArray();
    for (int h = 0; h < 24; h++) {
      every.add(h);
    }
    return mongo.updateCollectionWithOptions(ConsultCollections.HOTLINE_ROSTER, new JsonObject().put("_id", staffId),
        new JsonObject().put("$setOnInsert", new JsonObject().put("duty", duty).put("hours", every)),
        new UpdateOptions().setUpsert(true)).mapEmpty();
  }

  int hourNow() {
    return Instant.now().atZone(zone).getHour();
  }

  /** Everyone rostered for this hour, with {@code duty}. */
  Future<List<JsonObject>> onDuty() {
    int hour = hourNow();
    return all().map(list -> list.stream().filter(r -> r.getJsonArray("hours", new JsonArray()).contains(hour))
        .toList());
  }

  Future<List<String>> onDuty(String duty) {
    return onDuty().map(list -> list.stream().filter(r -> duty.equals(r.getString("duty")))
        .map(r -> r.getString("_id")).toList());
  }

  /** The person's duty now, or null when they are not on duty this hour. */
  Future<String> dutyOf(String staffId) {
    return onDuty().map(list -> list.stream().filter(r -> staffId.equals(r.getString("_id")))
        .map(r -> r.getString("duty")).findFirst().orElse(null));
  }
}
