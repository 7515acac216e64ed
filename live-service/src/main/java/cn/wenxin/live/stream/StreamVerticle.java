package cn.wenxin.live.stream;

import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceClient;
import cn.wenxin.infra.bus.ServiceEndpoint;
import cn.wenxin.infra.bus.ServiceReply;
import cn.wenxin.infra.bus.ServiceRequest;
import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.mongo.Mongo;
import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.security.Role;
import cn.wenxin.infra.shared.RateLimiter;
import cn.wenxin.infra.shared.SharedState;
import cn.wenxin.infra.shared.ShortHolds;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Livestreams (Q&A lives, live lessons): scheduling and the state machine SCHEDULED -> LIVE -> ENDED -> REPLAY, the
 * room (who is watching, watch time), reactions, video, reminders. What people write in the room, live Q&A and
 * chat, is {@link RoomWords}': every question and chat line passes the crisis lexicon (consult-service, over the
 * bus) and a personal-information check before anyone else sees it. Each change is published once on {@link Addresses#liveRoom}; the gateways fan it out. The
 * room's live state is shared by every node ({@link RoomRoster}); each second one node (whichever claims the room's
 * tick) publishes its count and reactions. A stream's {@code audience} (all, student, parent) decides who may see
 * and take part in it; staff always may.
 */
public class StreamVerticle extends VerticleBase {

  static final String STREAMS = "livestreams";
  static final String QUESTIONS = "live_questions";
  static final String CHAT = "live_chat";
  private static final Logger log = LoggerFactory.getLogger(StreamVerticle.class);
  private static final Set<String> REACTIONS = Set.of("heart", "clap", "flower", "thumb");
  /** Peer-to-peer video without Jitsi: the host's camera goes to at most this many viewers (one upload each). */
  static final int P2P_VIEWERS = 4;

  /** Enrolled people hear of a live lesson this long before it starts. */
  static final Duration REMIND_BEFORE = Duration.ofMinutes(15);
  /** A node that claimed a stream's reminders has this long to send them before another may. */
  private static final Duration REMIND_CLAIM = Duration.ofMinutes(2);

  private MongoClient mongo;
  private ServiceClient bus;
  private RateLimiter limits;
  private Attendance attendance;
  private LessonLink lessons;
  private WenxinConfig config;
  private WenxinConfig.Live live;
  private LiveVideo video;
  private RoomRoster roster;
  private RoomWords words;
  private ShortHolds holds;
  /** This node's name in the per-room tick claims. */
  private final String node = UUID.randomUUID().toString();
  /** One node publishes a room's count each second: the claim lasts a little less than the period. */
  private static final Duration TICK_CLAIM = Duration.ofMillis(900);
  private static final String SHOWN_COUNT = "live-shown-count:";

  @Override
  public Future<?> start() {
    config = WenxinConfig.from(config());
    live = WenxinConfig.Live.from(config());
    mongo = Mongo.client(vertx, config);
    bus = new ServiceClient(vertx);
    attendance = new Attendance(vertx, mongo, live.attendSeconds());
    lessons = new LessonLink(bus);
    video = new LiveVideo(config, live);
    // Set here, on this verticle's context; a tick before the shared state is there (a slow start) is skipped.
    vertx.setPeriodic(1000, id -> {
      if (roster != null) {
        publishCounts();
      }
    });
    vertx.setPeriodic(live.reminderPollSeconds() * 1000L, id -> remind());
    Future<Void> seeded = config.demo().enabled() ? DemoStreams.seed(mongo) : Future.succeededFuture();
    return SharedState.of(vertx, config.storage()).compose(shared -> {
      limits = shared.rateLimiter();
      holds = shared.holds();
      roster = new RoomRoster(shared.rosters());
      words = new RoomWords(mongo, bus, limits, live, new RoomWords.Streams() {
        @Override
        public Future<JsonObject> open(String streamId, Principal me) {
          return StreamVerticle.this.open(streamId, me);
        }

        @Override
        public Future<JsonObject> hosted(ServiceRequest r) {
          return hostedStream(r);
        }

        @Override
        public void publish(String streamId, String audience, JsonObject frame) {
          StreamVerticle.this.publish(streamId, audience, frame);
        }
      });
      return seeded;
    }).compose(v -> new ServiceEndpoint(Addresses.LIVESTREAMS)
        .on("listStreams", this::list)
        .on("getStream", this::get)
        .on("createStream", this::create)
        .on("startStream", r -> move(r, "SCHEDULED", "LIVE"))
        .on("endStream", r -> move(r, "LIVE", "ENDED"))
        .on("publishReplay", this::publishReplay)
        .on("updateStreamSettings", this::settings)
        .on("streamVideo", this::video)
        .on("askQuestion", r -> words.ask(r))
        .on("listQuestions", r -> words.questions(r))
        .on("voteQuestion", r -> words.vote(r))
        .on("moderateQuestion", r -> words.moderate(r))
        .on("sendRoomChat", r -> words.chat(r))
        .on("sendReaction", this::react)
        .on("joinRoom", this::join)
        .on("leaveRoom", this::leave)
        .on("relaySignal", this::relaySignal)
        .on("roomHeartbeat", this::heartbeat)
        .bind(vertx));
  }

  /**
   * Reminders before a live lesson: each stream due within {@link #REMIND_BEFORE} is claimed for a while (a
   * conditional update, so one node sends at a time), then everyone enrolled in its course gets a stored notification
   * whose id makes a repeat harmless; only when every one was stored is the stream marked reminded. If any failed
   * (or the node died), the claim lapses and a later poll sends again: nobody enrolled is left without one.
   */
  private void remind() {
    Instant now = Instant.now();
    JsonObject due = new JsonObject().put("state", "SCHEDULED").put("reminded", new JsonObject().put("$ne", true))
        .put("lessonId", new JsonObject().put("$ne", null))
        .put("scheduledAt", new JsonObject().put("$lte", now.plus(REMIND_BEFORE).toString()));
    mongo.find(STREAMS, due).onSuccess(streams -> streams.forEach(s -> {
      String claimUntil = s.getString("remindClaimUntil");
      if (claimUntil != null && claimUntil.compareTo(now.toString()) > 0) {
        return;
      }
      JsonObject filter = new JsonObject().put("_id", s.getString("_id")).put("reminded", new JsonObject().put("$ne", true))
          .put("remindClaimUntil", claimUntil);
      mongo.findOneAndUpdate(STREAMS, filter, new JsonObject().put("$set", new JsonObject()
              .put("remindClaimUntil", now.plus(REMIND_CLAIM).toString())))
          .compose(claimed -> claimed == null ? Future.succeededFuture() : notifyEnrolled(s)
              .compose(v -> mongo.updateCollection(STREAMS, new JsonObject().put("_id", s.getString("_id")),
                  new JsonObject().put("$set", new JsonObject().put("reminded", true)))).mapEmpty())
          .onFailure(err -> log.warn("Reminders of stream {} not all sent, retried later: {}", s.getString("_id"),
              err.toString()));
    }));
  }

  private Future<Void> notifyEnrolled(JsonObject s) {
    String streamId = s.getString("_id");
    return bus.<JsonObject>ask(Addresses.LESSONS, "enrolledFor", ServiceRequest.of(null, new JsonObject(),
        new JsonObject().put("lessonId", s.getString("lessonId")))).compose(r -> Future.all(r.getJsonArray("items")
        .stream().map(userId -> bus.ask(Addresses.NOTIFICATIONS, "notify", ServiceRequest.of(null, new JsonObject(),
            new JsonObject().put("userId", userId).put("type", "live_reminder")
                .put("id", "live-reminder-" + streamId + "-" + userId)
                .put("title", "直播课即将开始：" + s.getString("title"))
                .put("body", "你报名的课程有一节直播课将在 15 分钟内开始。")
                .put("data", new JsonObject().put("streamId", streamId))))).toList())).mapEmpty();
  }

  // --- streams -------------------------------------------------------------------------------------------------

  private Future<JsonObject> list(ServiceRequest r) {
    Principal me = r.caller();
    FindOptions order = new FindOptions().setSort(new JsonObject().put("scheduledAt", -1)).setLimit(50);
    return mongo.findWithOptions(STREAMS, new JsonObject(), order).compose(docs -> {
      List<Future<JsonObject>> views = docs.stream().filter(d -> admits(d, me)).map(d -> shown(d, me)).toList();
      return Future.all(views).map(all -> {
        JsonArray items = new JsonArray();
        views.forEach(v -> items.add(v.result()));
        return new JsonObject().put("items", items);
      });
    });
  }

  private Future<JsonObject> get(ServiceRequest r) {
    Principal me = r.caller();
    return open(r.requiredParam("id"), me).compose(s -> shown(s, me));
  }

  /** The stream's view with the people in its room (only a live stream has a room to count). */
  private Future<JsonObject> shown(JsonObject s, Principal me) {
    if (!"LIVE".equals(s.getString("state"))) {
      return Future.succeededFuture(view(s, me, 0));
    }
    return watching(s.getString("_id")).map(n -> view(s, me, n));
  }

  /**
   * "N watching" as last published (at most a second old): one small read, where counting the room afresh would
   * read every connection in it, for every joining viewer of a full room.
   */
  private Future<Integer> watching(String streamId) {
    return holds.get(SHOWN_COUNT + streamId).map(v -> v == null ? 0 : Integer.parseInt(v));
  }

  private JsonObject view(JsonObject s, Principal me, int watching) {
    return new JsonObject().put("id", s.getString("_id")).put("title", s.getString("title"))
        .put("description", s.getString("description", "")).put("hostName", s.getString("hostName"))
        .put("lessonId", s.getString("lessonId")).put("audience", s.getString("audience", "all"))
        .put("state", s.getString("state")).put("scheduledAt", s.getString("scheduledAt"))
        .put("startedAt", s.getString("startedAt")).put("endedAt", s.getString("endedAt"))
        .put("replayUrl", s.getString("replayUrl")).put("chatOpen", s.getBoolean("chatOpen", true))
        .put("slowModeSeconds", s.getInteger("slowModeSeconds", 0)).put("moderated", s.getBoolean("moderated", true))
        .put("watching", watching)
        .put("isHost", isHost(s, me));
  }

  static boolean isHost(JsonObject s, Principal me) {
    return me != null && (me.role() == Role.ADMIN || me.id().equals(s.getString("hostId")));
  }

  /**
   * Whether the stream's audience includes the person, as courses do for lessons: "student" streams are for
   * students, "parent" streams for parents, "all" for everyone; staff (experts, hotline, admins) always.
   */
  static boolean admits(JsonObject s, Principal me) {
    if (me == null) {
      return false;
    }
    return switch (s.getString("audience", "all")) {
      case "student" -> me.role() != Role.PARENT;
      case "parent" -> me.role() != Role.STUDENT;
      default -> true;
    };
  }

  /** The stream, if the caller is in its audience: 404 when it does not exist, 403 stream_audience otherwise. */
  private Future<JsonObject> open(String id, Principal me) {
    return stream(id).compose(s -> admits(s, me) ? Future.succeededFuture(s)
        : Future.failedFuture(ProblemException.forbidden("This livestream is for " + s.getString("audience")
            + " only").withCode("stream_audience")));
  }

  private Future<JsonObject> stream(String id) {
    return mongo.findOne(STREAMS, new JsonObject().put("_id", id), null).compose(s -> s == null
        ? Future.failedFuture(ProblemException.notFound("No such livestream").withCode("stream_not_found"))
        : Future.succeededFuture(s));
  }

  private Future<JsonObject> hostedStream(ServiceRequest r) {
    Principal me = r.caller(Role.EXPERT, Role.ADMIN);
    return stream(r.requiredParam("id")).compose(s -> isHost(s, me) ? Future.succeededFuture(s)
        : Future.failedFuture(ProblemException.forbidden("Only the host moderates this livestream")
            .withCode("not_host")));
  }

  private Future<ServiceReply> create(ServiceRequest r) {
    Principal me = r.caller(Role.EXPERT, Role.ADMIN);
    JsonObject b = r.bodyObject();
    String id = "ls-" + UUID.randomUUID().toString().substring(0, 8);
    JsonObject doc = new JsonObject().put("_id", id).put("title", b.getString("title"))
        .put("description", b.getString("description", "")).put("hostId", me.id())
        .put("hostName", me.displayName()).put("lessonId", b.getString("lessonId"))
        .put("audience", b.getString("audience", "all")).put("state", "SCHEDULED")
        .put("scheduledAt", b.getString("scheduledAt", Instant.now().toString()))
        .put("expectedAudience", b.getInteger("expectedAudience", 20))
        .put("chatOpen", true).put("slowModeSeconds", 0).put("moderated", true);
    return lessons.check(doc.getString("lessonId"), doc.getString("audience"))
        .compose(v -> mongo.insert(STREAMS, doc)).map(x -> ServiceReply.created(view(doc, me, 0)));
  }

  /** One conditional update on the state left: of two concurrent "go live" clicks exactly one moves the stream. */
  private Future<JsonObject> move(ServiceRequest r, String from, String to) {
    Principal me = r.caller();
    return hostedStream(r).compose(s -> {
      String now = Instant.now().toString();
      JsonObject set = new JsonObject().put("state", to).put(to.equals("LIVE") ? "startedAt" : "endedAt", now);
      if (to.equals("LIVE") && me.id().equals(s.getString("hostId")) && me.displayName() != null) {
        set.put("hostName", me.displayName());  // the room shows who is actually on camera
      }
      return mongo.findOneAndUpdate(STREAMS, new JsonObject().put("_id", s.getString("_id")).put("state", from),
          new JsonObject().put("$set", set)).compose(before -> {
            if (before == null) {
              return Future.failedFuture(ProblemException.conflict("The livestream is not " + from)
                  .withCode("stream_state"));
            }
            JsonObject after = before.copy().mergeIn(set);
            return onStateChanged(after, to).compose(v -> shown(after, me));
          });
    });
  }

  /**
   * Going live starts everyone's watch time who is already in the room; the end closes every running stretch (each
   * taken once, so a sweep on another node cannot record it again).
   */
  private Future<Void> onStateChanged(JsonObject s, String state) {
    String id = s.getString("_id");
    long now = System.currentTimeMillis();
    Future<Void> watch = Future.succeededFuture();
    if (state.equals("LIVE")) {
      watch = roster.people(id).compose(people -> Future.join(people.values().stream()
          .map(p -> roster.startWatching(id, p, now)).toList())).mapEmpty();
    } else if (state.equals("ENDED")) {
      watch = roster.watchers(id).compose(watchers -> Future.join(watchers.keySet().stream()
          .map(u -> closeStretch(s, u, now)).toList())).mapEmpty();
    }
    return watch.otherwise(err -> {
      log.error("Watch time of stream {} at {}: {}", id, state, err.toString());
      return null;
    }).onComplete(x -> publish(id, "all", new JsonObject().put("type", "live.state").put("streamId", id)
        .put("state", state).put("replayUrl", s.getString("replayUrl"))));
  }

  /** Ends a person's running stretch and writes it, if this caller is the one that took it. */
  private Future<Void> closeStretch(JsonObject s, String userId, long now) {
    return roster.stopWatching(s.getString("_id"), userId).compose(w -> w == null ? Future.succeededFuture()
        : attendance.add(s, Principal.fromJson(w.getJsonObject("who")), w.getLong("since"), now));
  }

  private Future<JsonObject> publishReplay(ServiceRequest r) {
    Principal me = r.caller();
    return hostedStream(r).compose(s -> {
      String url = r.bodyObject().getString("replayUrl");
      JsonObject set = new JsonObject().put("state", "REPLAY").put("replayUrl", url);
      return mongo.findOneAndUpdate(STREAMS, new JsonObject().put("_id", s.getString("_id")).put("state", "ENDED"),
          new JsonObject().put("$set", set)).compose(before -> before == null
          ? Future.failedFuture(ProblemException.conflict("Only an ended livestream gets a replay")
              .withCode("stream_state"))
          : Future.succeededFuture(before.copy().mergeIn(set)));
    }).compose(after -> onStateChanged(after, "REPLAY").compose(v -> shown(after, me)));
  }

  private Future<JsonObject> settings(ServiceRequest r) {
    Principal me = r.caller();
    JsonObject b = r.bodyObject();
    JsonObject set = new JsonObject();
    if (b.getValue("chatOpen") instanceof Boolean open) {
      set.put("chatOpen", open);
    }
    if (b.getValue("slowModeSeconds") instanceof Number n) {
      set.put("slowModeSeconds", Math.max(0, Math.min(600, n.intValue())));
    }
    if (b.getValue("moderated") instanceof Boolean m) {
      set.put("moderated", m);
    }
    return hostedStream(r).compose(s -> mongo.findOneAndUpdate(STREAMS, new JsonObject().put("_id", s.getString("_id")),
        new JsonObject().put("$set", set)).compose(before -> {
          JsonObject after = before.copy().mergeIn(set);
          publish(after.getString("_id"), "all", new JsonObject().put("type", "live.settings")
              .put("streamId", after.getString("_id")).put("chatOpen", after.getBoolean("chatOpen", true))
              .put("slowModeSeconds", after.getInteger("slowModeSeconds", 0))
              .put("moderated", after.getBoolean("moderated", true)));
          return shown(after, me);
        }));
  }

  /** The video token is decided by the people in the room now, not by the audience expected when it was planned. */
  private Future<JsonObject> video(ServiceRequest r) {
    Principal me = r.caller();
    return open(r.requiredParam("id"), me).compose(s -> {
      if (!"LIVE".equals(s.getString("state"))) {
        return Future.failedFuture(ProblemException.conflict("The livestream is not live").withCode("stream_state"));
      }
      return watching(s.getString("_id")).map(n -> video.forCaller(s, me, isHost(s, me), n));
    });
  }

  // --- reactions ---------------------------------------------------------------------------------------------

  private Future<ServiceReply> react(ServiceRequest r) {
    Principal me = r.caller();
    String kind = r.bodyObject().getString("kind", "");
    if (!REACTIONS.contains(kind)) {
      return Future.failedFuture(ProblemException.badRequest("kind: heart, clap, flower or thumb"));
    }
    return open(r.requiredParam("id"), me).compose(s -> limits.hit("live-react:" + s.getString("_id") + ":" + me.id(),
        Duration.ofMinutes(1)).compose(n -> {
          if (n > 60) {
            return Future.failedFuture(ProblemException.tooManyRequests("Too many reactions", 60)
                .withCode("rate_limited"));
          }
          return roster.react(s.getString("_id"), kind).map(ServiceReply.noContent());
        }));
  }

  // --- the room ------------------------------------------------------------------------------------------------

  /** From the gateway when a tab joins: {connection} -> the snapshot a (re)joining viewer starts from. */
  private Future<JsonObject> join(ServiceRequest r) {
    Principal me = r.caller();
    String connection = r.bodyObject().getString("connection");
    return open(r.bodyObject().getString("streamId"), me).compose(s -> {
      String id = s.getString("_id");
      Future<Void> entered = roster.enter(id, connection, me).compose(v -> "LIVE".equals(s.getString("state"))
          ? roster.startWatching(id, me, System.currentTimeMillis()) : Future.succeededFuture());
      boolean host = isHost(s, me);
      // The snapshot's parts are read together once the tab is in.
      return entered.compose(v -> {
        Future<JsonArray> questions = words.questionItems(s, me, true);
        Future<JsonArray> chat = words.lastChat(id);
        Future<Integer> watching = watching(id);
        Future<Map<String, Long>> reactions = roster.reactions(id);
        return Future.all(questions, chat, watching, reactions).map(x -> {
          JsonArray lines = chat.result();
          JsonObject counts = new JsonObject();
          reactions.result().forEach(counts::put);
          return new JsonObject().put("stream", view(s, me, watching.result())).put("host", host)
              .put("questions", questions.result()).put("chat", lines).put("watching", watching.result())
              .put("reactions", counts);
        });
      });
    });
  }

  /**
   * From the gateway when a tab leaves or drops (to whichever node): the person's watch time is written when their
   * last tab, on any node, has gone.
   */
  private Future<JsonObject> leave(ServiceRequest r) {
    String streamId = r.bodyObject().getString("streamId");
    return roster.leave(streamId, r.bodyObject().getString("connection")).compose(userId -> userId == null
        ? Future.succeededFuture()
        : roster.present(streamId, userId).compose(here -> here ? Future.succeededFuture()
            : stream(streamId).compose(s -> closeStretch(s, userId, System.currentTimeMillis()))))
        .map(new JsonObject());
  }

  /** Internal, from each gateway instance every few seconds: its connections in each room are still open. */
  private Future<JsonObject> heartbeat(ServiceRequest r) {
    if (r.principal() != null) {
      return Future.failedFuture(ProblemException.forbidden("Internal action"));
    }
    JsonObject byRoom = r.bodyObject().getJsonObject("rooms", new JsonObject());
    List<Future<Void>> refreshed = new ArrayList<>();
    for (String streamId : byRoom.fieldNames()) {
      List<String> connections = new ArrayList<>();
      byRoom.getJsonArray(streamId, new JsonArray()).forEach(c -> connections.add(String.valueOf(c)));
      refreshed.add(roster.refresh(streamId, connections));
    }
    return Future.all(refreshed).map(new JsonObject());
  }

  /**
   * Peer-to-peer video without Jitsi: the host's camera to the first few viewers who ask. A viewer's signal goes to
   * the host's connections; the host's signal goes to the one viewer connection it names.
   */
  private Future<JsonObject> relaySignal(ServiceRequest r) {
    Principal me = r.caller();
    JsonObject b = r.bodyObject();
    String streamId = b.getString("streamId");
    String from = b.getString("connection");
    return roster.connections(streamId).compose(connections -> {
      if (!connections.containsKey(from)) {
        return Future.failedFuture(ProblemException.notFound("Join the room first").withCode("not_joined"));
      }
      return stream(streamId).compose(s -> {
        if (!"LIVE".equals(s.getString("state"))) {
          return Future.failedFuture(ProblemException.conflict("The livestream is not live")
              .withCode("stream_state"));
        }
        JsonObject signal = b.getJsonObject("signal", new JsonObject()).copy().put("type", "live.rtc")
            .put("streamId", streamId).put("from", from);
        if (isHost(s, me)) {
          String to = b.getString("to");
          if (to == null || !connections.containsKey(to)) {
            return Future.failedFuture(ProblemException.notFound("That viewer left").withCode("not_joined"));
          }
          publish(streamId, "conn:" + to, signal);
          return Future.succeededFuture(new JsonObject());
        }
        Future<Boolean> seated = "ready".equals(signal.getString("kind"))
            ? roster.seat(streamId, from, P2P_VIEWERS) : Future.succeededFuture(true);
        return seated.compose(ok -> {
          if (!ok) {
            return Future.failedFuture(ProblemException.conflict("Video goes to a few viewers only")
                .withCode("p2p_full"));
          }
          publish(streamId, "hosts", signal);
          return Future.succeededFuture(new JsonObject());
        });
      });
    });
  }

  /** Each second, for every active room, the node that claims the room's tick publishes for it. */
  private void publishCounts() {
    roster.activeRooms().onSuccess(ids -> ids.forEach(id -> holds.hold("live-tick:" + id, node, TICK_CLAIM)
        .onSuccess(mine -> {
          if (mine) {
            tick(id).onFailure(err -> log.debug("Room {} tick: {}", id, err.toString()));
          }
        })));
  }

  /**
   * One room's second: a live room's watch time follows who is there (stretches of people gone, e.g. with a dead
   * node, are closed; people there without one get one), then "N watching" and reactions are published if they
   * changed since the last publication, by whichever node that was.
   */
  private Future<Void> tick(String id) {
    return mongo.findOne(STREAMS, new JsonObject().put("_id", id), null).compose(s -> {
      boolean live = s != null && "LIVE".equals(s.getString("state"));
      // Watchers first, then people: one who joins in between is only started, never closed by mistake.
      Future<Map<String, JsonObject>> watchers = live ? roster.watchers(id) : Future.succeededFuture(Map.of());
      return watchers.compose(w -> roster.people(id).compose(people -> {
        long now = System.currentTimeMillis();
        List<Future<Void>> work = new ArrayList<>();
        if (live) {
          w.keySet().stream().filter(u -> !people.containsKey(u)).forEach(u -> work.add(closeStretch(s, u, now)));
          people.values().stream().filter(p -> !w.containsKey(p.id()))
              .forEach(p -> work.add(roster.startWatching(id, p, now)));
        }
        int n = people.size();
        return Future.join(work).otherwiseEmpty().compose(x -> changed(SHOWN_COUNT + id, Integer.toString(n)))
            .map(c -> {
              if (c) {
                publish(id, "all", new JsonObject().put("type", "live.count").put("streamId", id).put("watching", n));
              }
              return null;
            });
      }));
    }).compose(v -> roster.reactions(id)).compose(reactions -> {
      if (reactions.isEmpty()) {
        return Future.succeededFuture();
      }
      JsonObject counts = new JsonObject();
      reactions.forEach(counts::put);
      return changed("live-shown-reactions:" + id, counts.encode()).map(c -> {
        if (c) {
          publish(id, "all", new JsonObject().put("type", "live.reactions").put("streamId", id)
              .put("reactions", counts));
        }
        return null;
      });
    });
  }

  /** Whether the value differs from the one last published for the key (by any node); remembers it if so. */
  private Future<Boolean> changed(String key, String value) {
    return holds.get(key).compose(old -> value.equals(old) ? Future.succeededFuture(false)
        : holds.putAll(List.of(key), value, Duration.ofDays(1)).map(true));
  }

  private void publish(String streamId, String audience, JsonObject frame) {
    vertx.eventBus().publish(Addresses.liveRoom(streamId), new JsonObject().put("audience", audience)
        .put("frame", frame));
  }
}
