package cn.wenxin.consult.booking;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.consult.directory.Times;
import cn.wenxin.infra.mongo.Mongo;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.BulkWriteOptions;
import io.vertx.ext.mongo.MongoClient;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The no-double-booking guarantee, made by the unique {@code _id} of {@code slot_claims} and nothing else.
 *
 * <p>A booking claims every minute it covers, once for the expert ({@code E|expertId|minute}) and once for the student
 * ({@code S|studentId|minute}). Minutes, not slot starts: two experts' grids (and one expert's grid before and after
 * an edit of the rules) can be offset by any whole number of minutes, and every boundary is a whole minute (rules
 * are HH:mm, lengths whole minutes, zone offsets whole minutes), so one-minute buckets make "overlap" exact, never
 * approximate. The inserts are one ordered bulk write; the first duplicate key stops it and the loser deletes the
 * few it made. A claim's {@code owner} is the booking id, and every delete is conditional on it, so nobody ever
 * frees a claim that is not theirs.
 *
 * <p>Counted claims ({@code prefix|1..cap}) make caps race-free the same way: take the first free number.
 */
public final class SlotClaims {

  /** A claim already held by someone else. */
  public static final class Taken extends RuntimeException {
    Taken() {
      super("taken", null, false, false);
    }
  }

  private final MongoClient mongo;

  public SlotClaims(MongoClient mongo) {
    this.mongo = mongo;
  }

  public static List<String> minutes(String side, String who, Instant start, Instant end) {
    List<String> ids = new ArrayList<>();
    for (Instant t = start.truncatedTo(ChronoUnit.MINUTES); t.isBefore(end); t = t.plus(1, ChronoUnit.MINUTES)) {
      ids.add(side + "|" + who + "|" + Times.iso(t));
    }
    return ids;
  }

  public static List<String> expertMinutes(String expertId, Instant start, Instant end) {
    return minutes("E", expertId, start, end);
  }

  public static List<String> studentMinutes(String studentId, Instant start, Instant end) {
    return minutes("S", studentId, start, end);
  }

  /** Claims all ids for the owner, or none: fails with {@link Taken} when any is held. */
  public Future<Void> claimAll(Collection<String> ids, String owner) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    String at = Times.iso(Instant.now());
    List<BulkOperation> ops = ids.stream()
        .map(id -> BulkOperation.createInsert(new JsonObject().put("_id", id).put("owner", owner).put("at", at)
            .put("minute", id.substring(id.lastIndexOf('|') + 1))))
        .toList();
    return mongo.bulkWriteWithOptions(ConsultCollections.SLOT_CLAIMS, ops, new BulkWriteOptions().setOrdered(true))
        .<Void>mapEmpty()
        .recover(err -> Mongo.isDuplicateKey(err)
            ? release(ids, owner).compose(v -> Future.failedFuture(new Taken()))
            : release(ids, owner).compose(v -> Future.failedFuture(err)));
  }

  /** Takes the first free {@code prefix|n} for n in 1..cap; null when all are held. */
  public Future<String> claimCounted(String prefix, int cap, String owner) {
    return claimFrom(prefix, 1, cap, owner);
  }

  private Future<String> claimFrom(String prefix, int n, int cap, String owner) {
    if (n > cap) {
      return Future.succeededFuture(null);
    }
    String id = prefix + "|" + n;
    return mongo.insert(ConsultCollections.SLOT_CLAIMS, new JsonObject().put("_id", id).put("owner", owner)
            .put("at", Times.iso(Instant.now())))
        .map(x -> id)
        .recover(err -> Mongo.isDuplicateKey(err) ? claimFrom(prefix, n + 1, cap, owner) : Future.failedFuture(err));
  }

  /** The counted claims under a prefix, with their owners. */
  public Future<List<JsonObject>> counted(String prefix, int cap) {
    JsonArray ids = new JsonArray();
    for (int n = 1; n <= cap; n++) {
      ids.add(prefix + "|" + n);
    }
    return mongo.find(ConsultCollections.SLOT_CLAIMS, new JsonObject().put("_id", new JsonObject().put("$in", ids)));
  }

  /**
   * Deletes minute claims of time long past: they guard nothing any more, and the collection is queried hot.
   * (Counted claims have no minute and are recycled instead.)
   */
  public Future<Long> sweepBefore(Instant cutoff) {
    return mongo.removeDocuments(ConsultCollections.SLOT_CLAIMS,
        new JsonObject().put("minute", new JsonObject().put("$lt", Times.iso(cutoff))))
        .map(r -> r == null ? 0L : r.getRemovedCount());
  }

  /** Frees the owner's claims among ids; others' claims with the same ids stay. */
  public Future<Void> release(Collection<String> ids, String owner) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    return mongo.removeDocuments(ConsultCollections.SLOT_CLAIMS,
        new JsonObject().put("_id", new JsonObject().put("$in", new JsonArray(List.copyOf(ids)))).put("owner", owner))
        .mapEmpty();
  }
}
