package cn.wenxin.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Milliseconds from a node's process start to its first 200 on {@code /ready}: the service on a fresh data
 * directory (so it also seeds the demo data) and bare Vert.x, each in a new JVM started the same way.
 */
final class ColdStarts {

  private final List<Long> service = new ArrayList<>();
  private final List<Long> bare = new ArrayList<>();

  void add(String kind, long millis) {
    ("bare".equals(kind) ? bare : service).add(millis);
  }

  JsonObject toJson() {
    double ours = median(service);
    double ceiling = median(bare);
    return new JsonObject().put("name", "coldStart").put("what", "process start to /ready, fresh data dir")
        .put("ceilingWhat", "bare Vert.x process start to /ready").put("unit", "ms").put("better", "lower")
        .put("ours", new JsonObject().put("medianMs", ours).put("samples", new JsonArray(service)))
        .put("ceiling", new JsonObject().put("medianMs", ceiling).put("samples", new JsonArray(bare)))
        .put("ratio", Compare.round(ours / Math.max(1, ceiling)));
  }

  private static double median(List<Long> xs) {
    List<Long> s = xs.stream().sorted().toList();
    return s.isEmpty() ? 0 : s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2.0;
  }
}
