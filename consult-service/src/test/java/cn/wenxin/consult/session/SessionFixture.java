package cn.wenxin.consult.session;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.consult.directory.Times;
import cn.wenxin.consult.testing.ConsultFixture;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.security.Principal;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Sessions over the event bus on top of {@link ConsultFixture}: a booking whose window is open is written straight
 * into the database (the booking rules keep a minimum notice, which would keep a test waiting for hours).
 */
final class SessionFixture {

  final ConsultFixture f;

  SessionFixture(ConsultFixture f) {
    this.f = f;
  }

  static Future<SessionFixture> start(io.vertx.core.Vertx vertx, JsonObject config) {
    return ConsultFixture.start(vertx, config).compose(f -> vertx.deployVerticle(new SessionVerticle(),
        new DeploymentOptions().setConfig(f.config)).map(id -> new SessionFixture(f)));
  }

  /** A confirmed booking of {@code studentId} with {@code expertId} starting {@code in} from now, 50 minutes long. */
  JsonObject booking(String studentId, String expertId, Duration in, String anonymity) {
    Instant start = Instant.now().plus(in);
    String id = "b-" + UUID.randomUUID();
    JsonObject b = new JsonObject().put("_id", id).put("status", "confirmed").put("studentId", studentId)
        .put("studentName", "学生真名").put("expertId", expertId).put("expertName", "王晓明")
        .put("start", Times.iso(start)).put("end", Times.iso(start.plus(Duration.ofMinutes(50))))
        .put("mode", "chat").put("topic", "emotions").put("anonymity", anonymity)
        .put("studentLabel", "name".equals(anonymity) ? "学生真名" : "蓝色海豚-1234").put("gradeBand", "senior");
    ConsultFixture.await(f.mongo.insert(ConsultCollections.BOOKINGS, b));
    return b;
  }

  <T> Future<T> call(String action, Principal who, String id, JsonObject body) {
    return f.call(Addresses.SESSIONS, action, who, new JsonObject().put("id", id), body);
  }

  JsonObject open(Principal who, JsonObject booking) {
    return ConsultFixture.await(call("bookingSession", who, booking.getString("_id"), null));
  }
}
