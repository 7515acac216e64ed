package cn.wenxin.consult.session;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.consult.directory.Times;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceRequest;
import cn.wenxin.infra.error.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.time.Duration;
import java.time.Instant;

/**
 * The hotline's talk-now chats are sessions of their own kind ({@code kind: hotline}, no booking): the same chat,
 * log, delivery guarantees, risk screen and transcript hand-off as a counseling session. The student may be
 * anonymous; the staff who may write are listed in {@code staffIds} (a warm hand-off adds the crisis expert to the
 * same chat); {@code expertId} is whoever holds the chat now. Only the hotline service calls these actions.
 */
final class HotlineChats {

  static final String KIND = "hotline";

  private final Vertx vertx;
  private final MongoClient mongo;
  private final SessionStore store;
  private final SessionLifecycle lifecycle;
  private final ChatDesk chat;

  HotlineChats(Vertx vertx, MongoClient mongo, SessionStore store, SessionLifecycle lifecycle, ChatDesk chat) {
    this.vertx = vertx;
    this.mongo = mongo;
    this.store = store;
    this.lifecycle = lifecycle;
    this.chat = chat;
  }

  private static Future<JsonObject> internal(ServiceRequest r) {
    return r.principal() != null ? Future.failedFuture(ProblemException.forbidden("Internal action"))
        : Future.succeededFuture(r.bodyObject());
  }

  /**
   * {talkId, studentId, studentLabel, opening?, window (seconds)} -> {sessionId, level}: the chat opens at once
   * (the student writes while waiting) and the opening message goes in as the student's first, screened for risk.
   */
  Future<JsonObject> open(ServiceRequest r) {
    return internal(r).compose(b -> {
      String talkId = b.getString("talkId");
      Instant now = Instant.now();
      JsonObject doc = new JsonObject().put("_id", talkId).put("bookingId", KIND + "|" + talkId).put("kind", KIND)
          .put("studentId", b.getString("studentId")).put("studentLabel", b.getString("studentLabel"))
          .put("expertLabel", "温心热线").put("staffIds", new JsonArray()).put("state", SessionState.ACTIVE.wire())
          .put("liveMessages", "pending").put("version", 0).put("history", new JsonArray())
          .put("opensAt", Times.iso(now)).put("closesAt", Times.iso(now.plus(Duration.ofSeconds(b.getLong("window")))))
          .put("createdAt", Times.iso(now));
      return store.ensure(doc).compose(s -> {
        String opening = b.getString("opening");
        if (opening == null || opening.isBlank()) {
          return Future.succeededFuture(new JsonObject().put("sessionId", talkId).put("level", 0));
        }
        return chat.say(s, Side.STUDENT, "student:opening", opening)
            .map(a -> new JsonObject().put("sessionId", talkId).put("level", a.getInteger("level", 0)));
      });
    });
  }

  /** {sessionId, staffId, holder} -> the chat with one more staff member; {@code holder} makes them its holder. */
  Future<JsonObject> addStaff(ServiceRequest r) {
    return internal(r).compose(b -> {
      String id = b.getString("sessionId");
      JsonObject update = new JsonObject().put("$addToSet", new JsonObject().put("staffIds", b.getString("staffId")));
      if (b.getBoolean("holder", false)) {
        update.put("$set", new JsonObject().put("expertId", b.getString("staffId")));
      }
      return mongo.findOneAndUpdateWithOptions(ConsultCollections.SESSIONS, new JsonObject().put("_id", id)
              .put("kind", KIND).put("state", SessionState.ACTIVE.wire()), update, new FindOptions(),
              new UpdateOptions().setReturningNewDocument(true))
          .compose(s -> {
            if (s == null) {
              return Future.failedFuture(new ProblemException(409, "Conflict", "The chat has ended",
                  new JsonObject().put("reason", "chat_ended")));
            }
            // Everyone in the chat sees who joined and who holds it now (a frame, not a message: nothing to keep).
            vertx.eventBus().publish(Addresses.chat(id), new JsonObject().put("type", "hotline.staff")
                .put("sessionId", id).put("staffCount", s.getJsonArray("staffIds").size())
                .put("handedOver", b.getBoolean("holder", false) && s.getJsonArray("staffIds").size() > 1));
            return Future.succeededFuture(new JsonObject().put("sessionId", id));
          });
    });
  }

  /** {sessionId, by} -> ends the chat; its messages go to the transcript service as any session's do. */
  Future<JsonObject> end(ServiceRequest r) {
    return internal(r).compose(b -> store.find(b.getString("sessionId")).compose(s -> {
      if (s == null || !KIND.equals(s.getString("kind"))) {
        return Future.failedFuture(ProblemException.notFound("No such chat"));
      }
      return lifecycle.move(s, SessionState.ENDED, b.getString("by", "hotline"), "hotline_end")
          .map(done -> new JsonObject().put("state", done.getString("state")));
    }));
  }
}
