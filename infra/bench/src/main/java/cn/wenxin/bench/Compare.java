package cn.wenxin.bench;

import io.vertx.core.json.JsonObject;

/**
 * Measures a scenario and its ceiling the same way, one after the other on the same machine: warm up, find the
 * rate with a closed loop, then measure latency with an open loop at a fixed share of that rate.
 */
final class Compare {

  private final Profile profile;

  Compare(Profile profile) {
    this.profile = profile;
  }

  JsonObject rates(String name, String what, Side ours, String ceilingWhat, Side ceiling, int concurrency)
      throws Exception {
    return result(name, what, measure(ours, concurrency), ceilingWhat, measure(ceiling, concurrency));
  }

  /** The scenario's entry from our side's and the ceiling's measurements. */
  static JsonObject result(String name, String what, JsonObject o, String ceilingWhat, JsonObject c) {
    return new JsonObject().put("name", name).put("what", what).put("ceilingWhat", ceilingWhat)
        .put("unit", "ops/s").put("better", "higher")
        .put("ours", o).put("ceiling", c)
        .put("ratio", round(o.getDouble("rate") / Math.max(1e-9, c.getDouble("rate"))))
        .put("cpuRatio", round(c.getDouble("cpuMsPerOp") / Math.max(1e-9, o.getDouble("cpuMsPerOp"))));
  }

  JsonObject measure(Side side, int concurrency) throws Exception {
    side.closed(concurrency, profile.warmSeconds());
    JsonObject closed = side.closed(concurrency, profile.rateSeconds());
    double rate = closed.getDouble("rate");
    JsonObject open = side.open(Math.max(1, rate * profile.openLoad()), profile.latencySeconds(), concurrency * 4);
    JsonObject mem = side.node().stats(false);
    return new JsonObject()
        .put("rate", closed.getDouble("rate"))
        .put("p50Ms", open.getDouble("p50Ms")).put("p99Ms", open.getDouble("p99Ms"))
        .put("p999Ms", open.getDouble("p999Ms"))
        // The longest collector pause while latency was measured: a p99 near it is the collector's.
        .put("gcPauseMaxMs", open.getLong("gcPauseMaxMs")).put("loopLagMaxMs", open.getLong("loopLagMaxMs"))
        .put("harnessGcPauseMaxMs", open.getLong("harnessGcPauseMaxMs"))
        .put("cpuSeconds", round(closed.getDouble("cpuSeconds") + open.getDouble("cpuSeconds")))
        .put("cpuMsPerOp", round(1000 * closed.getDouble("cpuSeconds")
            / Math.max(1, closed.getLong("ok") + closed.getLong("wrong"))))
        .put("heapUsedMb", mb(mem.getLong("heapUsed"))).put("rssMb", mb(mem.getLong("rss")))
        .put("closed", closed).put("open", open);
  }

  static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  static double mb(long bytes) {
    return Math.round(bytes / 1024.0 / 1024.0 * 10) / 10.0;
  }
}
