package cn.wenxin.live.stream;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Demo livestreams: one the demo expert (expert001) can start right now, tied to the first parent lesson so that a
 * parent who watches earns its credit, and one past Q&A with its replay.
 */
final class DemoStreams {

  static final String DEMO_HOST = "exp-001";

  private DemoStreams() {
  }

  /** After the demo stream was held, a restart schedules a fresh one, so a newcomer can always go live. */
  private static Future<Void> anotherIfUsed(MongoClient mongo) {
    JsonObject waiting = new JsonObject().put("hostId", DEMO_HOST).put("state", "SCHEDULED");
    return mongo.count(StreamVerticle.STREAMS, waiting).compose(n -> n > 0 ? Future.succeededFuture()
        : mongo.insert(StreamVerticle.STREAMS, new JsonObject().put("_id", "ls-demo-" + Instant.now().getEpochSecond())
            .put("title", "温心直播答疑：和专家聊聊情绪与亲子沟通")
            .put("description", "心理专家在线解答同学和家长的问题。可以匿名提问、为别人的问题点赞。")
            .put("hostId", DEMO_HOST).put("hostName", "温心专家").put("lessonId", "parent-1").put("audience", "all")
            .put("state", "SCHEDULED").put("scheduledAt", Instant.now().plus(5, ChronoUnit.MINUTES).toString())
            .put("expectedAudience", 20).put("chatOpen", true).put("slowModeSeconds", 0).put("moderated", true))
            .mapEmpty());
  }

  static Future<Void> seed(MongoClient mongo) {
    return mongo.count(StreamVerticle.STREAMS, new JsonObject()).compose(n -> {
      if (n > 0) {
        return anotherIfUsed(mongo);
      }
      Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
      JsonObject now1 = new JsonObject().put("_id", "ls-demo-now").put("title", "温心直播答疑：开学季的情绪与亲子沟通")
          .put("description", "心理专家在线解答同学和家长的问题。可以匿名提问、为别人的问题点赞。")
          .put("hostId", DEMO_HOST).put("hostName", "温心专家").put("lessonId", "parent-1").put("audience", "all")
          .put("state", "SCHEDULED").put("scheduledAt", now.plus(5, ChronoUnit.MINUTES).toString())
          .put("expectedAudience", 20).put("chatOpen", true).put("slowModeSeconds", 0).put("moderated", true);
      JsonObject past = new JsonObject().put("_id", "ls-demo-replay").put("title", "考前减压：直播回放")
          .put("description", "上周的直播答疑回放。").put("hostId", DEMO_HOST).put("hostName", "温心专家")
          .put("lessonId", "student-2").put("audience", "student").put("state", "REPLAY")
          .put("scheduledAt", now.minus(7, ChronoUnit.DAYS).toString())
          .put("startedAt", now.minus(7, ChronoUnit.DAYS).toString())
          .put("endedAt", now.minus(7, ChronoUnit.DAYS).plus(40, ChronoUnit.MINUTES).toString())
          .put("replayUrl", "/media/lesson-demo.webm").put("expectedAudience", 200)
          .put("chatOpen", true).put("slowModeSeconds", 0).put("moderated", true);
      return mongo.insert(StreamVerticle.STREAMS, now1).compose(x -> mongo.insert(StreamVerticle.STREAMS, past))
          .mapEmpty();
    });
  }
}
