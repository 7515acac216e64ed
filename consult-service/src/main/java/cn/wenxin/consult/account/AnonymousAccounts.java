package cn.wenxin.consult.account;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.security.Role;
import cn.wenxin.infra.shared.RateLimiter;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Anonymous students: a pseudonym and nothing else. New ones are limited per client address (a flood would fill the
 * database); each is marked when its sign-in is refreshed and removed after a retention of no use.
 */
final class AnonymousAccounts {

  private static final Duration WINDOW = Duration.ofHours(1);

  private final MongoClient mongo;
  private final RecentAccounts recent;
  private final RateLimiter limiter;
  private final int perAddress;
  private final Duration retention;

  AnonymousAccounts(MongoClient mongo, RecentAccounts recent, RateLimiter limiter, int perAddress,
                    Duration retention) {
    this.mongo = mongo;
    this.recent = recent;
    this.limiter = limiter;
    this.perAddress = perAddress;
    this.retention = retention;
  }

  /** A new anonymous account, unless this address made too many this hour (429). */
  Future<JsonObject> create(String address) {
    return limiter.hit("anonymous:" + (address == null ? "unknown" : address), WINDOW).compose(n -> {
      if (n > perAddress) {
        return Future.failedFuture(ProblemException.tooManyRequests(
            "Too many anonymous sessions from this network; try again later.", WINDOW.toSeconds()));
      }
      String pseudonym = Pseudonyms.next();
      String now = Instant.now().toString();
      JsonObject account = new JsonObject()
          .put("_id", "anon-" + UUID.randomUUID())
          .put("role", Role.STUDENT.wire())
          .put("anonymous", true)
          .put("pseudonym", pseudonym)
          .put("displayName", pseudonym)
          .put("createdAt", new JsonObject().put("$date", now))
          .put("lastSeenAt", new JsonObject().put("$date", now));
      return mongo.insert(ConsultCollections.ACCOUNTS, account).map(id -> account);
    });
  }

  Future<Void> seen(JsonObject account) {
    if (!account.getBoolean("anonymous", false)) {
      return Future.succeededFuture();
    }
    return mongo.updateCollection(ConsultCollections.ACCOUNTS, new JsonObject().put("_id", account.getString("_id")),
        new JsonObject().put("$set", new JsonObject().put("lastSeenAt",
            new JsonObject().put("$date", Instant.now().toString())))).mapEmpty();
  }

  /** Removes anonymous accounts unused for the retention, with their refresh tokens; answers how many. */
  Future<Long> sweep() {
    JsonObject before = new JsonObject().put("$lt", new JsonObject().put("$date",
        Instant.now().minus(retention).toString()));
    JsonObject idle = new JsonObject().put("anonymous", true).put("$or", new JsonArray()
        .add(new JsonObject().put("lastSeenAt", before))
        .add(new JsonObject().put("lastSeenAt", new JsonObject().put("$exists", false)).put("createdAt", before)));
    return mongo.findWithOptions(ConsultCollections.ACCOUNTS, idle,
            new io.vertx.ext.mongo.FindOptions().setFields(new JsonObject().put("_id", 1)).setLimit(1000))
        .compose(found -> {
          if (found.isEmpty()) {
            return Future.succeededFuture(0L);
          }
          JsonArray ids = new JsonArray(found.stream().map(a -> a.getString("_id")).toList());
          recent.allChanged();
          return mongo.removeDocuments(ConsultCollections.REFRESH_TOKENS,
                  new JsonObject().put("accountId", new JsonObject().put("$in", ids)))
              .compose(v -> mongo.removeDocuments(ConsultCollections.ACCOUNTS,
                  new JsonObject().put("_id", new JsonObject().put("$in", ids)).put("anonymous", true)))
              .onComplete(r -> recent.allChanged())
              .map(r -> r == null ? 0L : r.getRemovedCount());
        });
  }
}
