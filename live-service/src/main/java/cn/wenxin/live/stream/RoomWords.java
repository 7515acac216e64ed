package cn.wenxin.live.stream;

import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceClient;
import cn.wenxin.infra.bus.ServiceReply;
import cn.wenxin.infra.bus.ServiceRequest;
import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.shared.RateLimiter;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What people write in a livestream room: questions (asked, voted once each, moderated by the host) and chat lines.
 * Every word passes the same gate first: the person's pace and the room's slow mode, the crisis lexicon (a risky one
 * is never shown: the writer alone gets help, the hotline an alert) and the personal-information check. The stream
 * itself (who may see it, who hosts it) and where a change is published are {@link StreamVerticle}'s.
 */
final class RoomWords {

  /**
   * The stream's side: the stream if the caller is in its audience, the stream if the caller hosts it, and a frame
   * out to the room (audience "all") or to its hosts ("hosts").
   */
  interface Streams {
    Future<JsonObject> open(String streamId, Principal me);

    Future<JsonObject> hosted(ServiceRequest r);

    void publish(String streamId, String audience, JsonObject frame);
  }

  private static final Logger log = LoggerFactory.getLogger(RoomWords.class);
  private static final int MAX_TEXT = 300;
  private static final int CHAT_SNAPSHOT = 50;

  private final MongoClient mongo;
  private final ServiceClient bus;
  private final RateLimiter limits;
  private final WenxinConfig.Live live;
  private final Streams streams;

  RoomWords(MongoClient mongo, ServiceClient bus, RateLimiter limits, WenxinConfig.Live live, Streams streams) {
    this.mongo = mongo;
    this.bus = bus;
    this.limits = limits;
    this.live = live;
    this.streams = streams;
  }

  /** The last chat lines of the room, oldest first: what a (re)joining viewer starts from. */
  Future<JsonArray> lastChat(String streamId) {
    FindOptions last = new FindOptions().setSort(new JsonObject().put("at", -1)).setLimit(CHAT_SNAPSHOT);
    return mongo.findWithOptions(StreamVerticle.CHAT, new JsonObject().put("streamId", streamId), last).map(found -> {
      JsonArray lines = new JsonArray();
      for (int i = found.size() - 1; i >= 0; i--) {
        lines.add(chatView(found.get(i)));
      }
      return lines;
    });
  }


  Future<ServiceReply> ask(ServiceRequest r) {
    Principal me = r.caller();
    String text = text(r.bodyObject().getString("text"));
    return streams.open(r.requiredParam("id"), me).compose(s -> {
      if (!"LIVE".equals(s.getString("state")) && !"SCHEDULED".equals(s.getString("state"))) {
        return Future.failedFuture(ProblemException.conflict("Questions are closed").withCode("stream_state"));
      }
      String streamId = s.getString("_id");
      return paced(s, me, "q", live.questionsPerMinute()).compose(v -> {
        String qid = "q-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return screen(streamId, qid, text).compose(risk -> {
          JsonObject q = new JsonObject().put("_id", qid).put("streamId", streamId).put("askerId", me.id())
              .put("askerLabel", label(me)).put("createdAt", Instant.now().toString())
              .put("votes", new JsonArray()).put("voteCount", 0);
          if (risk) {
            // Nobody in the room sees it, not even the host: the text is not kept; the hotline has the alert.
            q.put("state", "diverted");
            return mongo.insert(StreamVerticle.QUESTIONS, q).compose(x -> helpPrivately(me, streamId))
                .map(help -> ServiceReply.created(new JsonObject().put("id", qid).put("state", "diverted")
                    .put("help", help)));
          }
          List<String> pi = PersonalInfo.find(text);
          q.put("text", text);
          if (!pi.isEmpty()) {
            q.put("state", "held").put("personalInfo", new JsonArray(pi));
          } else {
            q.put("state", s.getBoolean("moderated", true) ? "pending" : "approved");
          }
          return mongo.insert(StreamVerticle.QUESTIONS, q).map(x -> {
            announce(q);
            JsonObject out = publicView(q).put("mine", true);
            if (!pi.isEmpty()) {
              out.put("personalInfo", new JsonArray(pi));
            }
            return ServiceReply.created(out);
          });
        });
      });
    });
  }

  /** Per-person rate per minute, and the room's slow mode (one per N seconds) when on. */
  private Future<Void> paced(JsonObject s, Principal me, String kind, int perMinute) {
    String streamId = s.getString("_id");
    int slow = s.getInteger("slowModeSeconds", 0);
    Future<Void> slowOk = slow <= 0 || StreamVerticle.isHost(s, me) ? Future.succeededFuture()
        : limits.hit("live-slow:" + kind + ":" + streamId + ":" + me.id(), Duration.ofSeconds(slow))
            .compose(n -> n > 1 ? Future.failedFuture(ProblemException.tooManyRequests(
                "Slow mode: one every " + slow + " s", slow).withCode("slow_mode")) : Future.succeededFuture());
    return slowOk.compose(v -> limits.hit("live-rate:" + kind + ":" + streamId + ":" + me.id(), Duration.ofMinutes(1)))
        .compose(n -> n > perMinute ? Future.failedFuture(ProblemException.tooManyRequests(
            "Too many in a minute", 60).withCode("rate_limited")) : Future.succeededFuture());
  }

  /**
   * The crisis lexicon, over the bus (consult-service owns it and stores the alert, source "livestream"). If the
   * screen cannot answer, nothing is published: public text is never shown unscreened.
   */
  private Future<Boolean> screen(String streamId, String itemId, String text) {
    return bus.<JsonObject>ask(Addresses.RISK, "screen", ServiceRequest.of(null, new JsonObject(),
            new JsonObject().put("source", "livestream").put("sessionId", "livestream:" + streamId + ":" + itemId)
                .put("text", text)))
        .map(a -> a.getBoolean("flagged", false))
        .recover(err -> {
          log.error("Livestream {} text not screened: {}", streamId, err.toString());
          return Future.failedFuture(ProblemException.unavailable("Try again in a moment").withCode("unavailable"));
        });
  }

  /** Help resources for the asker alone: in the answer and in their inbox (every open tab, kept in the bell). */
  private Future<JsonObject> helpPrivately(Principal me, String streamId) {
    JsonObject help = new JsonObject().put("hotlines", new JsonArray().add("96525").add("92355"))
        .put("talkNow", "/talk-now");
    JsonObject notice = new JsonObject().put("userId", me.id()).put("type", "live_help")
        .put("id", "live-help-" + streamId + "-" + me.id())
        .put("title", "我们在这里陪你").put("body", "你刚才的问题只有你自己看得到。现在就可以打 96525 或 92355，或在“现在聊聊”找人说说。")
        .put("data", new JsonObject().put("streamId", streamId));
    return bus.ask(Addresses.NOTIFICATIONS, "notify", ServiceRequest.of(null, new JsonObject(), notice))
        .map(x -> help).recover(err -> {
          log.warn("Help notice for a livestream asker not stored: {}", err.toString());
          return Future.succeededFuture(help);
        });
  }

  private static String label(Principal me) {
    return switch (me.role()) {
      case STUDENT -> "同学";
      case PARENT -> "家长";
      case EXPERT -> me.displayName();
      default -> "老师";
    };
  }

  private static String text(String raw) {
    String t = raw == null ? "" : raw.strip();
    if (t.isEmpty() || t.length() > MAX_TEXT) {
      throw ProblemException.unprocessable("1 to " + MAX_TEXT + " characters").withCode("text_length");
    }
    return t;
  }

  static JsonObject publicView(JsonObject q) {
    JsonObject v = new JsonObject().put("id", q.getString("_id")).put("text", q.getString("text"))
        .put("askerLabel", q.getString("askerLabel")).put("state", q.getString("state"))
        .put("votes", q.getInteger("voteCount", 0)).put("createdAt", q.getString("createdAt"));
    if (q.getString("answer") != null || q.getBoolean("spoken", false)) {
      v.put("answer", q.getString("answer")).put("spoken", q.getBoolean("spoken", false));
    }
    return v;
  }

  private static JsonObject hostView(JsonObject q) {
    JsonObject v = publicView(q);
    if (q.getJsonArray("personalInfo") != null) {
      v.put("personalInfo", q.getJsonArray("personalInfo"));
    }
    return v;
  }

  private static boolean isPublic(String state) {
    return "approved".equals(state) || "answered".equals(state);
  }

  /** A question's change goes to the room when it is public, to the hosts while it waits or is held back. */
  private void announce(JsonObject q) {
    String streamId = q.getString("streamId");
    String state = q.getString("state");
    if (isPublic(state)) {
      streams.publish(streamId, "all", new JsonObject().put("type", "live.question").put("streamId", streamId)
          .put("question", publicView(q)));
    } else if ("pending".equals(state) || "held".equals(state)) {
      streams.publish(streamId, "hosts", new JsonObject().put("type", "live.question").put("streamId", streamId)
          .put("question", hostView(q)));
    } else if ("dismissed".equals(state)) {
      streams.publish(streamId, "all", new JsonObject().put("type", "live.question").put("streamId", streamId)
          .put("question", new JsonObject().put("id", q.getString("_id")).put("state", "dismissed")));
    }
  }

  Future<JsonObject> questions(ServiceRequest r) {
    Principal me = r.caller();
    boolean byVotes = !"time".equals(r.param("order"));
    return streams.open(r.requiredParam("id"), me).compose(s -> questionItems(s, me, byVotes))
        .map(items -> new JsonObject().put("items", items));
  }

  Future<JsonArray> questionItems(JsonObject s, Principal me, boolean byVotes) {
    boolean host = StreamVerticle.isHost(s, me);
    JsonArray states = host ? new JsonArray().add("pending").add("held").add("approved").add("answered")
        : new JsonArray().add("approved").add("answered");
    JsonObject sort = byVotes ? new JsonObject().put("voteCount", -1).put("createdAt", 1)
        : new JsonObject().put("createdAt", 1);
    JsonObject query = new JsonObject().put("streamId", s.getString("_id"))
        .put("state", new JsonObject().put("$in", states));
    return mongo.findWithOptions(StreamVerticle.QUESTIONS, query, new FindOptions().setSort(sort).setLimit(500)).map(docs -> {
      JsonArray items = new JsonArray();
      docs.forEach(q -> {
        JsonObject v = host ? hostView(q) : publicView(q);
        v.put("voted", q.getJsonArray("votes", new JsonArray()).contains(me.id()));
        v.put("mine", me.id().equals(q.getString("askerId")));
        items.add(v);
      });
      return items;
    });
  }

  /**
   * One vote per person and question, whatever the number of clicks: the update's filter admits it only when the
   * voter is not yet listed, so a repeated or concurrent vote changes nothing and answers the same count.
   */
  Future<JsonObject> vote(ServiceRequest r) {
    Principal me = r.caller();
    String streamId = r.requiredParam("id");
    String qid = r.requiredParam("questionId");
    JsonObject filter = new JsonObject().put("_id", qid).put("streamId", streamId)
        .put("state", new JsonObject().put("$in", new JsonArray().add("approved").add("answered")))
        .put("votes", new JsonObject().put("$ne", me.id()));
    JsonObject update = new JsonObject().put("$push", new JsonObject().put("votes", me.id()))
        .put("$inc", new JsonObject().put("voteCount", 1));
    return streams.open(streamId, me).compose(s -> mongo.findOneAndUpdate(StreamVerticle.QUESTIONS, filter, update)).compose(before -> {
      if (before != null) {
        int votes = before.getInteger("voteCount", 0) + 1;
        streams.publish(streamId, "all", new JsonObject().put("type", "live.votes").put("streamId", streamId)
            .put("questionId", qid).put("votes", votes));
        return Future.succeededFuture(new JsonObject().put("id", qid).put("votes", votes).put("voted", true));
      }
      return mongo.findOne(StreamVerticle.QUESTIONS, new JsonObject().put("_id", qid).put("streamId", streamId), null)
          .compose(q -> q == null || !isPublic(q.getString("state"))
              ? Future.failedFuture(ProblemException.notFound("No such question").withCode("question_not_found"))
              : Future.succeededFuture(new JsonObject().put("id", qid).put("votes", q.getInteger("voteCount", 0))
                  .put("voted", q.getJsonArray("votes", new JsonArray()).contains(me.id()))));
    });
  }

  /** approve (pending -> approved), answer (pending|approved -> answered), dismiss (any shown -> dismissed). */
  Future<JsonObject> moderate(ServiceRequest r) {
    JsonObject b = r.bodyObject();
    String action = b.getString("action", "");
    String qid = r.requiredParam("questionId");
    return streams.hosted(r).compose(s -> {
      JsonArray from;
      JsonObject set = new JsonObject();
      switch (action) {
        case "approve" -> {
          from = new JsonArray().add("pending");
          set.put("state", "approved");
        }
        case "answer" -> {
          from = new JsonArray().add("pending").add("approved");
          String answer = b.getString("answer");
          set.put("state", "answered").put("answeredAt", Instant.now().toString())
              .put("spoken", answer == null || answer.isBlank());
          if (answer != null && !answer.isBlank()) {
            set.put("answer", text(answer));
          }
        }
        case "dismiss" -> {
          from = new JsonArray().add("pending").add("held").add("approved").add("answered");
          set.put("state", "dismissed");
        }
        default -> {
          return Future.failedFuture(ProblemException.badRequest("action: approve, answer or dismiss"));
        }
      }
      JsonObject filter = new JsonObject().put("_id", qid).put("streamId", s.getString("_id"))
          .put("state", new JsonObject().put("$in", from));
      return mongo.findOneAndUpdate(StreamVerticle.QUESTIONS, filter, new JsonObject().put("$set", set)).compose(before -> {
        if (before != null) {
          JsonObject after = before.copy().mergeIn(set);
          announce(after);
          return Future.succeededFuture(hostView(after));
        }
        return mongo.findOne(StreamVerticle.QUESTIONS, new JsonObject().put("_id", qid).put("streamId", s.getString("_id")), null)
            .compose(q -> {
              if (q == null || "diverted".equals(q.getString("state"))) {
                return Future.failedFuture(ProblemException.notFound("No such question")
                    .withCode("question_not_found"));
              }
              if ("held".equals(q.getString("state"))) {
                return Future.failedFuture(ProblemException.conflict(
                    "It carries personal information and stays out of public view").withCode("personal_info"));
              }
              return Future.failedFuture(ProblemException.conflict("The question is " + q.getString("state"))
                  .withCode("question_state"));
            });
      });
    });
  }


  Future<ServiceReply> chat(ServiceRequest r) {
    Principal me = r.caller();
    String text = text(r.bodyObject().getString("text"));
    return streams.open(r.requiredParam("id"), me).compose(s -> {
      if (!s.getBoolean("chatOpen", true) && !StreamVerticle.isHost(s, me)) {
        return Future.failedFuture(ProblemException.conflict("The host has turned chat off").withCode("chat_closed"));
      }
      if ("ENDED".equals(s.getString("state")) || "REPLAY".equals(s.getString("state"))) {
        return Future.failedFuture(ProblemException.conflict("The livestream has ended").withCode("stream_state"));
      }
      String streamId = s.getString("_id");
      String id = "c-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      return paced(s, me, "c", live.chatPerMinute()).compose(v -> screen(streamId, id, text)).compose(risk -> {
        if (risk) {
          return helpPrivately(me, streamId).map(help -> ServiceReply.created(new JsonObject().put("id", id)
              .put("state", "diverted").put("help", help)));
        }
        if (!PersonalInfo.find(text).isEmpty()) {
          return Future.failedFuture(ProblemException.unprocessable(
              "Phone numbers, ID numbers or a name with a school are not posted to the room").withCode("personal_info"));
        }
        JsonObject line = new JsonObject().put("_id", id).put("streamId", streamId).put("label", label(me))
            .put("host", StreamVerticle.isHost(s, me)).put("text", text).put("at", Instant.now().toString());
        return mongo.insert(StreamVerticle.CHAT, line).map(x -> {
          JsonObject view = chatView(line);
          streams.publish(streamId, "all", new JsonObject().put("type", "live.chat").put("streamId", streamId)
              .put("message", view));
          return ServiceReply.created(view.put("state", "posted"));
        });
      });
    });
  }

  static JsonObject chatView(JsonObject c) {
    return new JsonObject().put("id", c.getString("_id")).put("label", c.getString("label"))
        .put("host", c.getBoolean("host", false)).put("text", c.getString("text")).put("at", c.getString("at"));
  }
}
