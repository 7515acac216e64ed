package cn.wenxin.bench.node;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.infra.security.AccessTokens;
import cn.wenxin.infra.security.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.MongoClient;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Bookings whose session window is open now, written straight into the database: the booking rules' minimum notice
 * would otherwise keep a chat benchmark waiting for hours. Everything after this (finding the session, joining,
 * admitting, chatting) goes through the real API and WebSocket.
 */
final class ChatFixtures {

  private ChatFixtures() {
  }

  /** One booking per student id given, with expert 1..100 in turn; answers each booking id and its expert's token. */
  static Future<JsonObject> open(MongoClient mongo, AccessTokens tokens, JsonArray studentIds) {
    Instant start = Instant.now().plus(Duration.ofMinutes(3)).truncatedTo(ChronoUnit.SECONDS);
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    List<BulkOperation> inserts = new ArrayList<>();
    JsonArray pairs = new JsonArray();
    for (int i = 0; i < studentIds.size(); i++) {
      String studentId = studentIds.getString(i);
      String expertId = String.format("exp-%03d", 1 + i % 100);
      String id = "bench-chat-" + UUID.randomUUID();
      inserts.add(BulkOperation.createInsert(new JsonObject().put("_id", id).put("status", "confirmed")
          .put("version", 0).put("studentId", studentId).put("studentName", "学生")
          .put("expertId", expertId).put("expertName", "专家")
          .put("bookedBy", studentId).put("bookedByRole", "student")
          .put("start", start.toString()).put("end", start.plus(Duration.ofMinutes(50)).toString())
          .put("mode", "chat").put("topic", "emotions").put("note", "")
          .put("anonymity", "pseudonym").put("studentLabel", "测试海豚-" + (1000 + i))
          .put("gradeBand", "senior").put("guardianConsentRequired", false).put("late", false).put("sequence", 0)
          .put("createdAt", now).put("updatedAt", now)));
      pairs.add(new JsonObject().put("bookingId", id).put("expertId", expertId)
          .put("expertToken", tokens.issue(expertId, Role.EXPERT, false, "专家", UUID.randomUUID().toString())));
    }
    return mongo.bulkWrite(ConsultCollections.BOOKINGS, inserts).map(r -> new JsonObject().put("pairs", pairs));
  }
}
