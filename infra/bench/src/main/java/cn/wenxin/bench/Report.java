package cn.wenxin.bench;

import io.vertx.core.json.JsonObject;

/** The table a person reads: one line per scenario, ours against the ceiling measured in the same run. */
final class Report {

  private Report() {
  }

  static String table(JsonObject run) {
    StringBuilder b = new StringBuilder();
    b.append(String.format("%nWenxin benchmark, profile %s, %s cores, load average %s%n", run.getString("profile"),
        run.getJsonObject("machine").getInteger("cores"), run.getJsonObject("machine").getString("loadAverage")));
    String row = "%-12s %-10s %10s %10s %7s %9s %9s %9s %9s %9s %10s %10s %7s %9s %8s%n";
    b.append(String.format(row, "scenario", "unit", "ours", "ceiling", "ratio", "cpu ratio", "p50 ms", "p99 ms",
        "p999 ms", "gc max ms", "lag max ms", "load gc ms", "cpu s", "cpu ms/op", "heap MB"));
    for (Object o : run.getJsonArray("scenarios")) {
      JsonObject s = (JsonObject) o;
      if (s.getString("status") != null) {
        b.append(String.format("%-12s %s: %s%n", s.getString("name"), s.getString("status"), s.getString("note")));
        continue;
      }
      JsonObject ours = s.getJsonObject("ours");
      JsonObject ceiling = s.getJsonObject("ceiling");
      String ratio = ("lower".equals(s.getString("better")) ? "x" : "") + s.getDouble("ratio");
      b.append(String.format(row, s.getString("name"), s.getString("unit"), headline(s, ours), headline(s, ceiling),
          ratio, num(s, "cpuRatio"), num(ours, "p50Ms"), num(ours, "p99Ms"), num(ours, "p999Ms"),
          num(ours, "gcPauseMaxMs"), num(ours, "loopLagMaxMs"), num(ours, "harnessGcPauseMaxMs"),
          num(ours, "cpuSeconds"), num(ours, "cpuMsPerOp"), num(ours, "heapUsedMb")));
    }
    JsonObject audit = run.getJsonObject("bookingAudit");
    if (audit != null) {
      b.append(String.format("booking audit: %d confirmed, %d expert overlaps, %d student overlaps%n",
          audit.getInteger("confirmed"), audit.getJsonArray("expertOverlaps").size(),
          audit.getJsonArray("studentOverlaps").size()));
    }
    b.append("ratio: ours / ceiling (rates: higher is better; x: a cost multiple, lower is better). cpu ratio: the"
        + " ceiling's server CPU per op / ours (steadier than rates on a busy machine). Latency: open loop at 70% of"
        + " each side's own rate, counted from the intended send time; gc max ms: our node's longest collector pause"
        + " during that phase; lag max ms: the longest its event loops ran a due task late in it;"
        + " load gc ms: the load generator's own longest pause in it.\n");
    return b.toString();
  }

  private static String headline(JsonObject s, JsonObject side) {
    return switch (s.getString("unit")) {
      case "KB/socket" -> String.valueOf(side.getDouble("heapKbPerSocket"));
      case "ms" -> String.valueOf(side.getDouble("medianMs"));
      default -> String.valueOf(side.getDouble("rate"));
    };
  }

  private static String num(JsonObject o, String key) {
    Object v = o.getValue(key);
    return v == null ? "-" : v.toString();
  }
}
