package cn.wenxin.gateway.testing;

import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.mongo.Mongo;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static cn.wenxin.gateway.testing.TestStack.await;

/**
 * A test fixture, not a way in: writes a confirmed booking straight into the test database so that a session's
 * window is open now (the booking rules' minimum notice would otherwise keep a test waiting for hours).
 */
public final class SessionBookings {

  private SessionBookings() {
  }

  /** A booking of demo student {@code studentId} with demo expert {@code expertId}, starting {@code in} from now. */
  public static JsonObject open(TestStack stack, String studentId, String expertId, Duration in, String mode,
                                String anonymity) {
    return open(Mongo.client(stack.vertx(), WenxinConfig.from(stack.config())), studentId, expertId, in, mode,
        anonymity);
  }

  /**
   * A chat session of demo {@code student} (studentNNN) and {@code expert} (expertNNN), open now, the student joined
   * and admitted through the real API: its id.
   */
  public static String active(TestStack stack, String student, String expert, String studentToken,
                              String expertToken) {
    JsonObject booking = open(stack, "stu-" + student.substring(7), "exp-" + expert.substring(6),
        Duration.ofMinutes(3), "chat", "pseudonym");
    String id = ok(stack.http().get("/api/v1/bookings/" + booking.getString("_id") + "/session")
        .bearerTokenAuthentication(studentToken).send()).getString("id");
    ok(stack.http().post("/api/v1/sessions/" + id + "/join").bearerTokenAuthentication(studentToken).send());
    ok(stack.http().post("/api/v1/sessions/" + id + "/admit").bearerTokenAuthentication(expertToken).send());
    return id;
  }

  private static JsonObject ok(io.vertx.core.Future<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>> r) {
    var answer = TestStack.await(r);
    if (answer.statusCode() != 200) {
      throw new AssertionError(answer.statusCode() + ": " + answer.bodyAsString());
    }
    return answer.bodyAsJsonObject();
  }

  /** The same, in the database a client of the test's own reaches (a database that several nodes share). */
  public static JsonObject open(MongoClient mongo, String studentId, String expertId, Duration in, String mode,
                                String anonymity) {
    JsonObject student = await(mongo.findOne("accounts", new JsonObject().put("_id", studentId), null));
    JsonObject expert = await(mongo.findOne("experts", new JsonObject().put("_id", expertId), null));
    Instant start = Instant.now().plus(in).truncatedTo(ChronoUnit.SECONDS);
    boolean byName = "name".equals(anonymity);
    JsonObject b = new JsonObject().put("_id", "fixture-" + UUID.randomUUID()).put("status", "confirmed")
        .put("studentId", studentId).put("studentName", student.getString("displayName"))
        .put("expertId", expertId).put("expertName", expert.getString("name"))
        .put("bookedBy", studentId).put("bookedByRole", "student")
        .put("start", start.toString()).put("end", start.plus(Duration.ofMinutes(50)).toString())
        .put("mode", mode).put("topic", "emotions").put("note", "")
        .put("anonymity", byName ? "name" : "pseudonym")
        .put("studentLabel", byName ? student.getString("displayName") : "测试海豚-" + (1000 + (int) (Math.random() * 9000)))
        .put("gradeBand", "senior").put("guardianConsentRequired", false).put("late", false).put("sequence", 0)
        .put("version", 0)
        .put("createdAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
        .put("updatedAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    await(mongo.insert("bookings", b));
    return b;
  }
}
