package cn.wenxin.consult.booking;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * Store doubles that let a node die between any two steps: every call to the booking store or the hold store is a
 * step; from step {@code dieAt} on, every call fails (so no compensation runs either), and with {@code after} the
 * dying step still reaches the database before its answer is lost.
 */
final class FaultyStores {

  final int dieAt;
  final boolean after;
  int steps;

  FaultyStores(int dieAt, boolean after) {
    this.dieAt = dieAt;
    this.after = after;
  }

  boolean died() {
    return steps >= dieAt;
  }

  private <T> Future<T> step(Supplier<Future<T>> op) {
    int n = ++steps;
    if (n < dieAt) {
      return op.get();
    }
    IllegalStateException dead = new IllegalStateException("the node died at step " + dieAt);
    return n == dieAt && after ? op.get().transform(x -> Future.failedFuture(dead)) : Future.failedFuture(dead);
  }

  TimeHolds holds(MongoClient mongo) {
    return new TimeHolds(mongo) {
      @Override
      Future<List<Hold>> take(List<Take> takes, Attempt a) {
        return step(() -> super.take(takes, a));
      }

      @Override
      Future<Void> release(Collection<Hold> holds) {
        return step(() -> super.release(holds));
      }

      @Override
      Future<JsonObject> find(String id) {
        return step(() -> super.find(id));
      }
    };
  }

  BookingStore bookings(MongoClient mongo) {
    return new BookingStore(mongo) {
      @Override
      public Future<Void> insert(JsonObject doc) {
        return step(() -> super.insert(doc));
      }

      @Override
      public Future<JsonObject> find(String id) {
        return step(() -> super.find(id));
      }

      @Override
      public Future<List<JsonObject>> findIds(List<String> ids) {
        return step(() -> super.findIds(ids));
      }

      @Override
      public Future<JsonObject> change(String id, int version, JsonArray from, JsonObject extra, JsonObject set,
                                       JsonArray tasks) {
        return step(() -> super.change(id, version, from, extra, set, tasks));
      }

      @Override
      public Future<Void> outboxDone(JsonObject b, List<String> doneIds) {
        return step(() -> super.outboxDone(b, doneIds));
      }
    };
  }

}
