package cn.wenxin.bench.load;

import org.HdrHistogram.Histogram;

import java.util.concurrent.TimeUnit;

/** One lane's counts and latencies (nanoseconds); used from one event-loop thread only, merged at the end. */
final class Recorder {

  static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(120);

  final Histogram latency = new Histogram(MAX_NANOS, 3);
  long ok;
  long wrong;
  long failed;
  long lastDone;
  String firstError;

  void record(long startNanos, long latencyNanos, io.vertx.core.AsyncResult<Boolean> ar) {
    long now = System.nanoTime();
    lastDone = Math.max(lastDone, now);
    latency.recordValue(Math.max(1, Math.min(latencyNanos, MAX_NANOS)));
    if (ar.succeeded() && ar.result()) {
      ok++;
    } else if (ar.succeeded()) {
      wrong++;
    } else {
      failed++;
      if (firstError == null) {
        firstError = ar.cause().toString();
      }
    }
  }
}
