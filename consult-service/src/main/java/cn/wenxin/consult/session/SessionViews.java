package cn.wenxin.consult.session;

import cn.wenxin.consult.directory.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The session document made from a booking, and what each side is shown of it. The expert's view names the student
 * only by {@code studentLabel} (the pseudonym, or the name when the student chose so), grade band, topic and note:
 * never an account id, never the name of a pseudonymous student.
 */
final class SessionViews {

  static final String PSEUDONYM = "pseudonym";
  static final String NAME = "name";
  private static final SecureRandom RANDOM = new SecureRandom();

  private SessionViews() {
  }

  /** 128 random bits, lowercase hex: unguessable, and valid as a Jitsi room name. */
  static String randomId() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  static JsonObject fromBooking(JsonObject b, Duration joinEarly, Duration grace) {
    Instant start = Instant.parse(b.getString("start"));
    Instant end = Instant.parse(b.getString("end"));
    String anonymity = NAME.equals(b.getString("anonymity")) ? NAME : PSEUDONYM;
    String label = b.getString("studentLabel");
    if (label == null || label.isBlank()) {
      label = NAME.equals(anonymity) ? b.getString("studentName", "同学") : "同学";
    }
    String now = Times.iso(Instant.now());
    return new JsonObject().put("_id", randomId()).put("bookingId", b.getString("_id"))
        .put("state", SessionState.SCHEDULED.wire()).put("version", 0).put("history", new JsonArray())
        .put("studentId", b.getString("studentId")).put("expertId", b.getString("expertId"))
        .put("anonymity", anonymity).put("studentLabel", label).put("expertLabel", b.getString("expertName", ""))
        .put("gradeBand", b.getString("gradeBand")).put("topic", b.getString("topic")).put("note", b.getString("note"))
        .put("mode", b.getString("mode", "chat"))
        .put("graceMinutes", grace.toMinutes())
        .put("room", "wenxin" + randomId()).put("participantId", "p" + randomId().substring(0, 20))
        .put("createdAt", now).put("updatedAt", now)
        .mergeIn(times(start, end, joinEarly, grace));
  }

  static JsonObject times(Instant start, Instant end, Duration joinEarly, Duration grace) {
    return new JsonObject().put("startsAt", Times.iso(start)).put("endsAt", Times.iso(end))
        .put("opensAt", Times.iso(start.minus(joinEarly))).put("closesAt", Times.iso(end.plus(grace)));
  }

  static SessionState state(JsonObject s) {
    return SessionState.fromWire(s.getString("state"));
  }

  static boolean inWindow(JsonObject s, Instant now) {
    return !now.isBefore(Instant.parse(s.getString("opensAt"))) && now.isBefore(Instant.parse(s.getString("closesAt")));
  }

  /** What {@code side} sees. Ids of people are never in it. */
  static JsonObject view(JsonObject s, Side side) {
    JsonObject v = new JsonObject().put("id", s.getString("_id")).put("bookingId", s.getString("bookingId"))
        .put("state", s.getString("state")).put("version", s.getInteger("version", 0)).put("you", side.wire())
        .put("mode", s.getString("mode")).put("startsAt", s.getString("startsAt")).put("endsAt", s.getString("endsAt"))
        .put("opensAt", s.getString("opensAt")).put("closesAt", s.getString("closesAt"))
        .put("graceMinutes", s.getInteger("graceMinutes")).put("anonymity", s.getString("anonymity"))
        .put("studentLabel", s.getString("studentLabel")).put("expertName", s.getString("expertLabel"))
        .put("gradeBand", s.getString("gradeBand")).put("topic", s.getString("topic")).put("note", s.getString("note"))
        .put("serverTime", Times.iso(Instant.now()));
    if (side == Side.STUDENT) {
      v.put("feedbackGiven", s.containsKey("feedback"));
    }
    return v;
  }

  /** The push both sides get on every transition. */
  static JsonObject statePush(JsonObject s) {
    return new JsonObject().put("type", "session.state").put("sessionId", s.getString("_id"))
        .put("bookingId", s.getString("bookingId")).put("state", s.getString("state"))
        .put("version", s.getInteger("version", 0));
  }
}
