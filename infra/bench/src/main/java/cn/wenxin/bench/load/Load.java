package cn.wenxin.bench.load;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The load generator. Work is split over {@link #LANES} event-loop contexts so that the generator is not one hot
 * thread; each lane records into its own histogram and the lanes are merged at the end.
 *
 * <ul>
 *   <li>{@link #closed}: {@code concurrency} workers, each sending its next request when the last one answers, for
 *   a fixed time. This finds the rate the target sustains; its latencies are not reported (a closed loop waits for
 *   slow answers and so under-counts them: coordinated omission).</li>
 *   <li>{@link #open}: requests are due at a constant rate whatever the answers do, and each latency is counted from
 *   the time the request was due, not the time it was sent (the wrk2 method), so a stall shows up in full in the
 *   percentiles. Requests that could not be sent because {@code maxOutstanding} were in flight are sent late and
 *   counted from their due time too.</li>
 * </ul>
 */
public final class Load {

  static final int LANES = 2;
  private static final long DRAIN_NANOS = Duration.ofSeconds(60).toNanos();

  private Load() {
  }

  public static Future<Measurement> closed(Vertx vertx, int concurrency, Duration length, Op op) {
    long start = System.nanoTime();
    long deadline = start + length.toNanos();
    int lanes = Math.min(LANES, concurrency);
    List<Recorder> recorders = new ArrayList<>();
    List<Future<Void>> done = new ArrayList<>();
    for (int l = 0; l < lanes; l++) {
      Recorder r = new Recorder();
      recorders.add(r);
      int workers = concurrency / lanes + (l < concurrency % lanes ? 1 : 0);
      done.add(onNewContext(vertx, p -> new ClosedLane(op, r, deadline, workers, p).start()));
    }
    return Future.all(done).map(v -> Measurement.merge("closed", start, recorders, 0));
  }

  public static Future<Measurement> open(Vertx vertx, double rate, Duration length, int maxOutstanding, Op op) {
    long start = System.nanoTime();
    long deadline = start + length.toNanos();
    List<Recorder> recorders = new ArrayList<>();
    List<Future<Void>> done = new ArrayList<>();
    double laneInterval = 1e9 * LANES / rate;
    for (int l = 0; l < LANES; l++) {
      Recorder r = new Recorder();
      recorders.add(r);
      long laneStart = start + (long) (l * laneInterval / LANES);
      done.add(onNewContext(vertx, p -> new OpenLane(vertx, op, r, laneStart, deadline, laneInterval,
          Math.max(1, maxOutstanding / LANES), p).start()));
    }
    return Future.all(done).map(v -> Measurement.merge("open", start, recorders, rate));
  }

  private static Future<Void> onNewContext(Vertx vertx, java.util.function.Consumer<Promise<Void>> body) {
    Context ctx = ((io.vertx.core.internal.VertxInternal) vertx).createEventLoopContext();
    Promise<Void> p = Promise.promise();
    ctx.runOnContext(v -> body.accept(p));
    return p.future();
  }

  private static final class ClosedLane {
    private final Op op;
    private final Recorder r;
    private final long deadline;
    private final Promise<Void> done;
    private int running;

    ClosedLane(Op op, Recorder r, long deadline, int workers, Promise<Void> done) {
      this.op = op;
      this.r = r;
      this.deadline = deadline;
      this.running = workers;
      this.done = done;
    }

    void start() {
      int n = running;
      for (int i = 0; i < n; i++) {
        next();
      }
    }

    private void next() {
      if (System.nanoTime() >= deadline) {
        finishOne();
        return;
      }
      long sent = System.nanoTime();
      Op.safely(op).onComplete(ar -> {
        if (ar.failed() && ar.cause() instanceof Op.Exhausted) {
          finishOne();
          return;
        }
        r.record(sent, System.nanoTime() - sent, ar);
        next();
      });
    }

    private void finishOne() {
      if (--running == 0) {
        done.complete();
      }
    }
  }

  private static final class OpenLane {
    private final Vertx vertx;
    private final Op op;
    private final Recorder r;
    private final long start;
    private final long deadline;
    private final double interval;
    private final int maxOutstanding;
    private final Promise<Void> done;
    private long sent;
    private int outstanding;
    private boolean exhausted;
    private long timer;

    OpenLane(Vertx vertx, Op op, Recorder r, long start, long deadline, double interval, int maxOutstanding,
             Promise<Void> done) {
      this.vertx = vertx;
      this.op = op;
      this.r = r;
      this.start = start;
      this.deadline = deadline;
      this.interval = interval;
      this.maxOutstanding = maxOutstanding;
      this.done = done;
    }

    void start() {
      timer = vertx.setPeriodic(1, id -> tick());
    }

    private long due(long n) {
      return start + (long) (n * interval);
    }

    private void tick() {
      long now = System.nanoTime();
      while (!exhausted && outstanding < maxOutstanding && due(sent) <= now && due(sent) < deadline) {
        long intended = due(sent++);
        outstanding++;
        Op.safely(op).onComplete(ar -> {
          outstanding--;
          if (ar.failed() && ar.cause() instanceof Op.Exhausted) {
            exhausted = true;
          } else {
            r.record(intended, System.nanoTime() - intended, ar);
          }
        });
      }
      boolean allSent = exhausted || due(sent) >= deadline;
      if (allSent && outstanding == 0 || now - deadline > DRAIN_NANOS) {
        vertx.cancelTimer(timer);
        r.failed += outstanding;   // never answered within the drain time
        done.tryComplete();
      }
    }
  }
}
