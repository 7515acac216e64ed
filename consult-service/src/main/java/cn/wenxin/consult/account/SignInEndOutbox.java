package cn.wenxin.consult.account;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.infra.shared.PubSub;
import cn.wenxin.infra.shared.SharedState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Tells every gateway that a sign-in ended, even across a Redis outage: the end is written to MongoDB first (the
 * durable truth, with the revoked refresh family), then to the shared log every gateway reads (Redis) with a pub/sub
 * nudge, and its MongoDB entry is dropped once Redis has taken it. What Redis refused stays and is tried again every
 * {@link #RETRY_EVERY}, by whichever node runs the account service, until its tokens have expired.
 */
final class SignInEndOutbox {

  static final Duration RETRY_EVERY = Duration.ofSeconds(2);
  private static final int BATCH = 100;
  private static final Logger log = LoggerFactory.getLogger(SignInEndOutbox.class);

  private final MongoClient mongo;
  private final SharedState shared;
  private final Duration refuseFor;
  private boolean retrying;

  /** {@code refuseFor}: the access-token lifetime; no token of a sign-in ended now lives longer. */
  SignInEndOutbox(MongoClient mongo, SharedState shared, Duration refuseFor) {
    this.mongo = mongo;
    this.shared = shared;
    this.refuseFor = refuseFor;
  }

  /** Writes the end durably; answers until when its tokens must be refused (epoch ms). */
  Future<Long> record(String sessionId) {
    long until = System.currentTimeMillis() + refuseFor.toMillis();
    return mongo.save(ConsultCollections.SIGN_IN_END_OUTBOX, new JsonObject().put("_id", sessionId).put("until", until))
        .map(id -> until);
  }

  /** Into the shared log and out of the outbox; a failure leaves it in the outbox for the retry (never fails). */
  Future<Void> share(String sessionId, long untilMillis) {
    long left = untilMillis - System.currentTimeMillis();
    JsonObject entry = new JsonObject().put("_id", sessionId);
    if (left <= 0) {
      return mongo.removeDocument(ConsultCollections.SIGN_IN_END_OUTBOX, entry).<Void>mapEmpty().otherwiseEmpty();
    }
    // A Redis that hangs must not hold the sign-out's answer: the retry takes over.
    return shared.signInEnds().add(sessionId, Duration.ofMillis(left)).timeout(2, TimeUnit.SECONDS)
        // Gateways read the log every ~2 s anyway; the nudge makes it at once.
        .compose(v -> shared.pubSub().publish(PubSub.SIGN_IN_ENDED, sessionId).otherwiseEmpty())
        .compose(v -> mongo.removeDocument(ConsultCollections.SIGN_IN_END_OUTBOX, entry).<Void>mapEmpty())
        .recover(err -> {
          log.warn("A sign-in end is not shared yet ({}); kept in MongoDB and tried again every {} s",
              err.getMessage(), RETRY_EVERY.toSeconds());
          return Future.succeededFuture();
        });
  }

  /** Shares what an outage (or a crash between the two writes) left in the outbox; one run at a time. */
  Future<Void> retry() {
    if (retrying) {
      return Future.succeededFuture();
    }
    retrying = true;
    return mongo.findWithOptions(ConsultCollections.SIGN_IN_END_OUTBOX, new JsonObject(),
            new FindOptions().setLimit(BATCH))
        .compose(this::shareAll)
        .onComplete(ar -> retrying = false);
  }

  private Future<Void> shareAll(List<JsonObject> pending) {
    Future<Void> chain = Future.succeededFuture();
    for (JsonObject p : pending) {
      chain = chain.compose(v -> share(p.getString("_id"), p.getLong("until", 0L)));
    }
    return chain;
  }
}
