package cn.wenxin.bench.load;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.util.List;

/**
 * What one phase measured: the rate of expected answers over the phase's real length, and latency percentiles.
 * {@code correctedFromIntendedStart} says whether latency counts from when the request was due (open loop, no
 * coordinated omission) or from when it was sent (closed loop, used only for its rate).
 */
public record Measurement(String mode, double seconds, long ok, long wrong, long failed, Histogram latency,
                          double offeredRate, String firstError) {

  static Measurement merge(String mode, long startNanos, List<Recorder> lanes, double offeredRate) {
    Histogram h = new Histogram(Recorder.MAX_NANOS, 3);
    long ok = 0;
    long wrong = 0;
    long failed = 0;
    long end = startNanos;
    String error = null;
    for (Recorder r : lanes) {
      h.add(r.latency);
      ok += r.ok;
      wrong += r.wrong;
      failed += r.failed;
      end = Math.max(end, r.lastDone);
      error = error != null ? error : r.firstError;
    }
    return new Measurement(mode, Math.max(1e-9, (end - startNanos) / 1e9), ok, wrong, failed, h, offeredRate, error);
  }

  public double rate() {
    return ok / seconds;
  }

  public long samples() {
    return latency.getTotalCount();
  }

  public JsonObject toJson() {
    JsonObject j = new JsonObject()
        .put("mode", mode)
        .put("latencyFrom", "open".equals(mode) ? "intended send time" : "actual send time")
        .put("seconds", round(seconds))
        .put("ok", ok).put("wrong", wrong).put("failed", failed)
        .put("rate", round(rate()))
        .put("p50Ms", ms(latency.getValueAtPercentile(50)))
        .put("p99Ms", ms(latency.getValueAtPercentile(99)))
        .put("p999Ms", ms(latency.getValueAtPercentile(99.9)))
        .put("maxMs", ms(latency.getMaxValue()));
    if (offeredRate > 0) {
      j.put("offeredRate", round(offeredRate));
    }
    if (firstError != null) {
      j.put("firstError", firstError);
    }
    return j;
  }

  private static double ms(long nanos) {
    return round(nanos / 1e6);
  }

  static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
