package cn.wenxin.consult.audit;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.consult.directory.Times;
import cn.wenxin.infra.mongo.Mongo;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shared audit trail: who did what to which record, when, and (for confidential records) why. Ids only, never
 * names, notes or other content, so the log itself holds no personal data beyond who acted. Append only: nothing here
 * updates or deletes. Any verticle may write through this class.
 *
 * <p>Tamper-evident: entries form a hash chain. Each has a {@code seq} (unique index: of two writers taking the same
 * place exactly one succeeds, the other reads the new head and tries the next), the previous entry's {@code hash} as
 * {@code prevHash}, and {@code hash} = SHA-256 of prevHash and the entry's canonical JSON (keys sorted, without
 * {@code hash}). {@link #verify()} recomputes the chain: an edited, inserted or removed entry breaks it.
 */
public final class AuditLog {

  static final String GENESIS = "0".repeat(64);
  private static final int MAX_TRIES = 200;
  private static final int VERIFY_PAGE = 1000;
  /** The last head this process wrote or read, per database; only a hint, the unique seq index is the truth. */
  private static final Map<MongoClient, JsonObject> HEADS = new ConcurrentHashMap<>();

  private final MongoClient mongo;

  public AuditLog(MongoClient mongo) {
    this.mongo = mongo;
  }

  /** An administrative action; {@code action} is a stable dotted name such as {@code expert.deactivate}. */
  public Future<Void> record(String actorId, String actorRole, String action, String targetId) {
    return insert(entry(actorId, action, targetId).put("actorRole", actorRole));
  }

  /**
   * A reading, keeping or destruction of a confidential record (transcript, note) and the reason it was allowed;
   * {@code actorId} is an account id, or "system" for the retention sweep.
   */
  public Future<Void> recordAccess(String actorId, String action, String targetId, String reason) {
    return insert(entry(actorId, action, targetId).put("reason", reason));
  }

  /** A step of a hotline case or reveal; {@code details} holds ids and codes only (never names or message text). */
  public Future<Void> recordStep(String actorId, String action, String targetId, JsonObject details) {
    JsonObject e = entry(actorId, action, targetId);
    if (details != null && !details.isEmpty()) {
      e.put("details", details);
    }
    return insert(e);
  }

  private static JsonObject entry(String actorId, String action, String targetId) {
    return new JsonObject().put("_id", UUID.randomUUID().toString()).put("actorId", actorId).put("action", action)
        .put("targetId", targetId).put("at", Times.iso(Instant.now()));
  }

  private Future<Void> insert(JsonObject entry) {
    JsonObject cached = HEADS.get(mongo);
    return (cached != null ? Future.succeededFuture(cached) : head()).compose(h -> append(entry, h, 1));
  }

  private Future<Void> append(JsonObject entry, JsonObject head, int attempt) {
    long seq = head.getLong("seq", 0L) + 1;
    JsonObject chained = entry.copy().put("seq", seq).put("prevHash", head.getString("hash", GENESIS));
    chained.put("hash", hash(chained));
    return mongo.insert(ConsultCollections.AUDIT_LOG, chained).<Void>map(id -> {
      HEADS.put(mongo, new JsonObject().put("seq", seq).put("hash", chained.getString("hash")));
      return null;
    }).recover(err -> Mongo.isDuplicateKey(err) && attempt < MAX_TRIES
        ? head().compose(h -> append(entry, h, attempt + 1))
        : Future.failedFuture(err));
  }

  /** The entry with the highest seq, or the genesis. */
  private Future<JsonObject> head() {
    return mongo.findWithOptions(ConsultCollections.AUDIT_LOG, new JsonObject().put("seq",
            new JsonObject().put("$exists", true)),
        new FindOptions().setSort(new JsonObject().put("seq", -1)).setLimit(1)
            .setFields(new JsonObject().put("seq", 1).put("hash", 1)))
        .map(list -> list.isEmpty() ? new JsonObject().put("seq", 0L).put("hash", GENESIS) : list.get(0));
  }

  /**
   * Walks the chain from the first entry: {ok, entries, unchained, brokenAt?, problem?}. {@code unchained} counts
   * entries written before the chain existed (no {@code seq}); they are reported, not judged.
   */
  public Future<JsonObject> verify() {
    return mongo.count(ConsultCollections.AUDIT_LOG, new JsonObject().put("seq", new JsonObject().put("$exists", false)))
        .compose(unchained -> walk(0, GENESIS, 0).map(r -> r.put("unchained", unchained)));
  }

  private Future<JsonObject> walk(long afterSeq, String prevHash, long checked) {
    return mongo.findWithOptions(ConsultCollections.AUDIT_LOG,
        new JsonObject().put("seq", new JsonObject().put("$gt", afterSeq)),
        new FindOptions().setSort(new JsonObject().put("seq", 1)).setLimit(VERIFY_PAGE)).compose(page -> {
          long expected = afterSeq;
          String prev = prevHash;
          for (JsonObject e : page) {
            expected++;
            long seq = e.getLong("seq");
            String problem = seq != expected ? "missing_entry"
                : !prev.equals(e.getString("prevHash")) ? "broken_link"
                : !hash(e).equals(e.getString("hash")) ? "edited_entry" : null;
            if (problem != null) {
              return Future.succeededFuture(new JsonObject().put("ok", false).put("entries", expected - 1)
                  .put("brokenAt", expected).put("problem", problem));
            }
            prev = e.getString("hash");
          }
          long done = checked + page.size();
          return page.size() < VERIFY_PAGE
              ? Future.succeededFuture(new JsonObject().put("ok", true).put("entries", done))
              : walk(expected, prev, done);
        });
  }

  /** SHA-256 of prevHash and the canonical JSON of the entry without its own hash. */
  static String hash(JsonObject entry) {
    JsonObject copy = entry.copy();
    copy.remove("hash");
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(copy.getString("prevHash", GENESIS).getBytes(StandardCharsets.UTF_8));
      md.update((byte) '\n');
      md.update(canonical(copy).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Keys sorted at every depth, numbers as written: the same entry always gives the same text. */
  static String canonical(Object v) {
    if (v instanceof JsonObject o) {
      TreeMap<String, Object> sorted = new TreeMap<>(o.getMap());
      StringBuilder b = new StringBuilder("{");
      sorted.forEach((k, x) -> {
        if (b.length() > 1) {
          b.append(',');
        }
        b.append(new JsonArray().add(k).encode(), 1, new JsonArray().add(k).encode().length() - 1).append(':')
            .append(canonical(x));
      });
      return b.append('}').toString();
    }
    if (v instanceof Map<?, ?> m) {
      return canonical(new JsonObject((Map<String, Object>) m));
    }
    if (v instanceof JsonArray a) {
      StringBuilder b = new StringBuilder("[");
      for (int i = 0; i < a.size(); i++) {
        b.append(i > 0 ? "," : "").append(canonical(a.getValue(i)));
      }
      return b.append(']').toString();
    }
    if (v instanceof java.util.List<?> l) {
      return canonical(new JsonArray(l));
    }
    if (v instanceof Number n) {
      return n instanceof Double || n instanceof Float ? n.toString() : Long.toString(n.longValue());
    }
    return new JsonArray().add(v).encode().replaceAll("^\\[|\\]$", "");
  }
}
