package cn.wenxin.consult.demo;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.consult.account.Pseudonyms;
import cn.wenxin.consult.directory.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Demo mode only (WENXIN_DEMO): keeps one booking of student200 with expert100 whose session opens within minutes,
 * so that two people can try a whole session (chat, then video) right after start-up. Booking rules ask for hours
 * of notice, so this demo booking is written directly, as the seed writes demo data (the demo package is the one
 * declared writer of other packages' collections, see ConsultCollections.OWNERS); a real deployment never runs this.
 */
public final class DemoSession {

  static final String STUDENT = "stu-200";
  static final String EXPERT = "exp-100";
  private static final Duration STARTS_IN = Duration.ofMinutes(5);
  private static final Duration LENGTH = Duration.ofMinutes(50);

  private final MongoClient mongo;

  public DemoSession(MongoClient mongo) {
    this.mongo = mongo;
  }

  /** Adds the next demo booking when the last one's slot is over (or there is none). */
  public Future<Void> ensure() {
    String now = Times.iso(Instant.now());
    JsonObject current = new JsonObject().put("studentId", STUDENT).put("expertId", EXPERT).put("demo", true)
        .put("end", new JsonObject().put("$gt", now));
    return mongo.count(ConsultCollections.BOOKINGS, current).compose(n -> n > 0 ? Future.succeededFuture()
        : Future.all(account(STUDENT), expert()).compose(found -> {
          JsonObject student = found.resultAt(0);
          JsonObject expert = found.resultAt(1);
          if (student == null || expert == null) {
            return Future.succeededFuture();
          }
          return mongo.insert(ConsultCollections.BOOKINGS, booking(student, expert)).mapEmpty();
        }));
  }

  private Future<JsonObject> account(String id) {
    return mongo.findOne(ConsultCollections.ACCOUNTS, new JsonObject().put("_id", id), null);
  }

  private Future<JsonObject> expert() {
    return mongo.findOne(ConsultCollections.EXPERTS, new JsonObject().put("_id", EXPERT), null);
  }

  private static JsonObject booking(JsonObject student, JsonObject expert) {
    Instant start = Instant.now().plus(STARTS_IN).truncatedTo(ChronoUnit.MINUTES);
    String now = Times.iso(Instant.now());
    return new JsonObject().put("_id", "demo-" + java.util.UUID.randomUUID().toString().replace("-", "")).put("status", "confirmed").put("demo", true)
        .put("studentId", STUDENT).put("studentName", student.getString("displayName"))
        .put("expertId", EXPERT).put("expertName", expert.getString("name"))
        .put("bookedBy", STUDENT).put("bookedByRole", "student")
        .put("start", Times.iso(start)).put("end", Times.iso(start.plus(LENGTH)))
        .put("mode", "video").put("topic", "emotions").put("note", "")
        .put("anonymity", "pseudonym").put("studentLabel", Pseudonyms.next()).put("gradeBand", "senior")
        .put("guardianConsentRequired", false).put("late", false).put("sequence", 0).put("version", 0)
        .put("createdAt", now).put("updatedAt", now);
  }
}
