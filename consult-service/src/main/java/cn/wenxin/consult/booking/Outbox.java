package cn.wenxin.consult.booking;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What must follow a committed change (release of holds, notices, reminders, waitlist offers) is written into the
 * booking in the same update as the change ({@code outbox}), then run right away and, if that fails or the node
 * dies, by the poller. Every task is idempotent, so running one twice does no harm; the caller's answer never
 * depends on them.
 */
final class Outbox {

  /** An outbox older than this was not drained by its request: the poller takes it. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(10);
  static final int BATCH = 50;
  /** Kinds that only write what is theirs (reminder jobs, notices, the session's reconcile): no order among them. */
  static final java.util.Set<String> ALONGSIDE = java.util.Set.of("reminders", "notices", "session");

  interface Task {
    Future<Void> run(JsonObject booking, JsonObject task);
  }

  private static final Logger log = LoggerFactory.getLogger(Outbox.class);

  private final BookingStore bookings;
  private final Map<String, Task> kinds = new HashMap<>();

  Outbox(BookingStore bookings) {
    this.bookings = bookings;
  }

  Outbox on(String kind, Task task) {
    kinds.put(kind, task);
    return this;
  }

  static JsonObject task(String kind) {
    return new JsonObject().put("id", UUID.randomUUID().toString()).put("kind", kind);
  }

  /**
   * Runs every task of the booking's outbox; never fails (what fails stays for the poller). Tasks run in their
   * order (an offer to the waitlist needs the time released first), except the {@link #ALONGSIDE} kinds, which
   * nothing else waits for and which start at once.
   */
  Future<Void> drain(JsonObject b) {
    JsonArray tasks = b.getJsonArray("outbox", new JsonArray());
    List<String> done = new ArrayList<>();
    List<Future<Void>> all = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (Object o : tasks) {
      JsonObject t = (JsonObject) o;
      java.util.function.Function<Void, Future<Void>> step = v -> run(b, t).map(ok -> {
        if (ok) {
          done.add(t.getString("id"));
        }
        return null;
      });
      if (ALONGSIDE.contains(t.getString("kind"))) {
        all.add(step.apply(null));
      } else {
        chain = chain.compose(step);
      }
    }
    all.add(chain);
    return Future.all(all).compose(v -> bookings.outboxDone(b, done)).recover(err -> {
      log.warn("Outbox of booking {} not cleared, the poller retries: {}", b.getString("_id"), err.getMessage());
      return Future.succeededFuture();
    });
  }

  private Future<Boolean> run(JsonObject b, JsonObject t) {
    Task task = kinds.get(t.getString("kind"));
    if (task == null) {
      log.warn("Outbox task kind {} of booking {} unknown; kept", t.getString("kind"), b.getString("_id"));
      return Future.succeededFuture(false);
    }
    return task.run(b, t).map(true).recover(err -> {
      log.warn("Outbox task {} of booking {} failed, the poller retries: {}", t.getString("kind"),
          b.getString("_id"), err.getMessage());
      return Future.succeededFuture(false);
    });
  }

  /** One poller round: outboxes left behind by a dead node or a failed task. */
  Future<Integer> drainDue(Instant now) {
    return bookings.withOutboxDue(now.minus(RETRY_AFTER), BATCH).compose(list -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (JsonObject b : list) {
        chain = chain.compose(n -> drain(b).map(n + 1));
      }
      return chain;
    });
  }
}
