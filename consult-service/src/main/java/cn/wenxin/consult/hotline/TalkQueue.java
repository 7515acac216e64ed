package cn.wenxin.consult.hotline;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.consult.directory.Times;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.mongo.Mongo;
import cn.wenxin.infra.security.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The talk-now queue, ordered by risk (highest first), then by waiting time (longest first). Risk only rises
 * ({@code $max}): the lexicon on each message and staff may raise it, nothing lowers it. Taking a person is ONE
 * conditional update on {@code state: waiting}, so two staff pressing "help next" at once never get the same one;
 * a staff member's open chats are a list whose cap-th entry must not exist before one more is pushed.
 */
final class TalkQueue {

  static final String WAITING = "waiting";
  static final String TAKEN = "taken";
  static final String ENDED = "ended";
  /** How many of the most urgent a "help next" tries before it gives up (the rest were taken by others meanwhile). */
  private static final int CANDIDATES = 20;
  static final Comparator<JsonObject> ORDER = Comparator
      .comparing((JsonObject t) -> -t.getInteger("risk", 0))
      .thenComparing(t -> t.getString("enqueuedAt"))
      .thenComparing(t -> t.getString("_id"));

  private final MongoClient mongo;

  TalkQueue(MongoClient mongo) {
    this.mongo = mongo;
  }

  Future<JsonObject> insert(JsonObject talk) {
    return mongo.insert(ConsultCollections.HOTLINE_TALKS, talk).map(id -> talk);
  }

  Future<JsonObject> find(String id) {
    return mongo.findOne(ConsultCollections.HOTLINE_TALKS, new JsonObject().put("_id", id), null);
  }

  /** The waiting talks in the order they are answered (the queue stays small: the embedded server scans). */
  Future<List<JsonObject>> waiting() {
    return mongo.find(ConsultCollections.HOTLINE_TALKS, new JsonObject().put("state", WAITING))
        .map(list -> list.stream().sorted(ORDER).toList());
  }

  /** How many wait, for the queue-length gauge. */
  Future<Long> countWaiting() {
    return mongo.count(ConsultCollections.HOTLINE_TALKS, new JsonObject().put("state", WAITING));
  }

  Future<List<JsonObject>> takenBy(String staffId) {
    return mongo.find(ConsultCollections.HOTLINE_TALKS, new JsonObject().put("state", TAKEN)
        .put("staffIds", staffId));
  }

  /** Raises the talk's risk to at least {@code level}; answers the talk, or null if there is none. */
  Future<JsonObject> raise(String id, int level, String by) {
    return mongo.findOneAndUpdateWithOptions(ConsultCollections.HOTLINE_TALKS, new JsonObject().put("_id", id),
        new JsonObject().put("$max", new JsonObject().put("risk", level))
            .put("$push", new JsonObject().put("riskHistory", new JsonObject().put("level", level).put("by", by)
                .put("at", Times.iso(Instant.now())))),
        new FindOptions(), new UpdateOptions().setReturningNewDocument(true));
  }

  /** The most urgent waiting talk, now taken by {@code staffId}; null when nobody is waiting. */
  Future<JsonObject> takeNext(String staffId) {
    return waiting().compose(list -> tryTake(list.stream().limit(CANDIDATES).toList(), 0, staffId));
  }

  private Future<JsonObject> tryTake(List<JsonObject> candidates, int i, String staffId) {
    if (i >= candidates.size()) {
      return Future.succeededFuture(null);
    }
    String id = candidates.get(i).getString("_id");
    String now = Times.iso(Instant.now());
    return mongo.findOneAndUpdateWithOptions(ConsultCollections.HOTLINE_TALKS,
            new JsonObject().put("_id", id).put("state", WAITING),
            new JsonObject().put("$set", new JsonObject().put("state", TAKEN).put("takenBy", staffId)
                .put("takenAt", now).put("staffIds", new JsonArray().add(staffId))),
            new FindOptions(), new UpdateOptions().setReturningNewDocument(true))
        .compose(t -> t != null ? Future.succeededFuture(t) : tryTake(candidates, i + 1, staffId));
  }

  /** A talk as staff may touch it: one of theirs, or one still waiting; someone else's chat is refused. */
  Future<JsonObject> forStaff(Principal me, String id) {
    return find(id).compose(t -> {
      if (t == null) {
        return Future.failedFuture(ProblemException.notFound("No such talk"));
      }
      boolean mine = t.getJsonArray("staffIds", new JsonArray()).contains(me.id());
      return mine || WAITING.equals(t.getString("state")) ? Future.succeededFuture(t)
          : Future.failedFuture(ProblemException.forbidden("This chat is someone else's")
              .withCode("not_your_chat"));
    });
  }

  Future<JsonObject> addStaff(String id, String staffId, boolean holder) {
    JsonObject update = new JsonObject().put("$addToSet", new JsonObject().put("staffIds", staffId));
    if (holder) {
      update.put("$set", new JsonObject().put("takenBy", staffId));
    }
    return mongo.findOneAndUpdateWithOptions(ConsultCollections.HOTLINE_TALKS,
        new JsonObject().put("_id", id).put("state", TAKEN), update, new FindOptions(),
        new UpdateOptions().setReturningNewDocument(true));
  }

  /** Ends a talk once, from waiting (the student left) or taken; answers the talk as it was, or null. */
  Future<JsonObject> end(String id, String by) {
    return mongo.findOneAndUpdate(ConsultCollections.HOTLINE_TALKS,
        new JsonObject().put("_id", id).put("state", new JsonObject().put("$in", new JsonArray().add(WAITING).add(TAKEN))),
        new JsonObject().put("$set", new JsonObject().put("state", ENDED).put("endedBy", by)
            .put("endedAt", Times.iso(Instant.now()))));
  }

  // --- staff seats: the per-person cap on simultaneous chats

  /** Takes one of {@code cap} seats for {@code talkId}; false when all are taken. */
  Future<Boolean> takeSeat(String staffId, String talkId, int cap) {
    JsonObject filter = new JsonObject().put("_id", staffId)
        .put("chats." + (cap - 1), new JsonObject().put("$exists", false));
    return mongo.updateCollectionWithOptions(ConsultCollections.HOTLINE_STAFF, filter,
            new JsonObject().put("$push", new JsonObject().put("chats", talkId)), new UpdateOptions().setUpsert(true))
        .map(r -> true)
        // The document exists with every seat taken: the upsert's insert hits the _id. A full cap, not an error.
        .recover(err -> Mongo.isDuplicateKey(err) ? Future.succeededFuture(false) : Future.failedFuture(err));
  }

  /**
   * Turns a press's seat token into the talk it took, in place ({@code chats.$}): one update, so a concurrent press
   * never sees the token and the talk both (a seat too many, refused) nor neither (a seat too few, over the cap).
   */
  Future<Void> seatFor(String staffId, String token, String talkId) {
    return mongo.updateCollection(ConsultCollections.HOTLINE_STAFF,
            new JsonObject().put("_id", staffId).put("chats", token),
            new JsonObject().put("$set", new JsonObject().put("chats.$", talkId)))
        .mapEmpty();
  }

  Future<Void> freeSeat(String staffId, String talkId) {
    return mongo.updateCollection(ConsultCollections.HOTLINE_STAFF, new JsonObject().put("_id", staffId),
        new JsonObject().put("$pull", new JsonObject().put("chats", talkId))).mapEmpty();
  }

  Future<JsonObject> staff(String staffId) {
    return mongo.findOne(ConsultCollections.HOTLINE_STAFF, new JsonObject().put("_id", staffId), null)
        .map(s -> s == null ? new JsonObject().put("_id", staffId).put("chats", new JsonArray()) : s);
  }

  Future<Void> setAvailable(String staffId, boolean available) {
    return mongo.updateCollectionWithOptions(ConsultCollections.HOTLINE_STAFF, new JsonObject().put("_id", staffId),
        new JsonObject().put("$set", new JsonObject().put("available", available)),
        new UpdateOptions().setUpsert(true)).mapEmpty();
  }

  Future<Void> linkCase(String talkId, String caseId) {
    return mongo.updateCollection(ConsultCollections.HOTLINE_TALKS, new JsonObject().put("_id", talkId),
        new JsonObject().put("$set", new JsonObject().put("caseId", caseId))).mapEmpty();
  }
}
