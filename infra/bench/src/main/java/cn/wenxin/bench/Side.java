package cn.wenxin.bench;

import cn.wenxin.bench.load.Load;
import cn.wenxin.bench.load.Op;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * One side of a comparison: the service, or its ceiling. A side runs a closed-loop phase (its rate) and an
 * open-loop phase (its latency); each answer is a measurement with the node's CPU-seconds for that phase.
 */
interface Side {

  Node node();

  JsonObject closed(int concurrency, double seconds) throws Exception;

  JsonObject open(double rate, double seconds, int maxOutstanding) throws Exception;

  /** Load generated here, in the harness, against a node over HTTP or WebSocket. */
  static Side local(Vertx vertx, Node node, Op op) {
    return new Side() {
      public Node node() {
        return node;
      }

      public JsonObject closed(int concurrency, double seconds) throws Exception {
        return measured(node, Load.closed(vertx, concurrency, duration(seconds), op).map(m -> m.toJson()));
      }

      public JsonObject open(double rate, double seconds, int maxOutstanding) throws Exception {
        return measured(node, Load.open(vertx, rate, duration(seconds), maxOutstanding, op).map(m -> m.toJson()));
      }
    };
  }

  /** A driver-level ceiling run inside the node's own JVM (see node.Ceilings); the node counts its own CPU. */
  static Side remote(Node node, JsonObject kind) {
    return new Side() {
      public Node node() {
        return node;
      }

      public JsonObject closed(int concurrency, double seconds) throws Exception {
        return node.call("ceiling", kind.copy().put("mode", "closed").put("concurrency", concurrency)
            .put("seconds", seconds));
      }

      public JsonObject open(double rate, double seconds, int maxOutstanding) throws Exception {
        return node.call("ceiling", kind.copy().put("mode", "open").put("rate", rate).put("seconds", seconds)
            .put("maxOutstanding", maxOutstanding));
      }
    };
  }

  private static JsonObject measured(Node node, Future<JsonObject> run) throws Exception {
    long before = node.stats(false).getLong("cpuNanos");
    cn.wenxin.bench.node.GcPauses.sinceLastAsked();
    JsonObject m = Bench.await(run);
    // The load generator's own pauses delay the answers it times: a tail near them is the harness's, not the node's.
    m.put("harnessGcPauseMaxMs", cn.wenxin.bench.node.GcPauses.sinceLastAsked().getLong("gcPauseMaxMs"));
    JsonObject after = node.stats(false);
    return m.put("cpuSeconds", (after.getLong("cpuNanos") - before) / 1e9)
        .put("gcPauseMaxMs", after.getLong("gcPauseMaxMs")).put("gcPauses", after.getLong("gcPauses"))
        .put("loopLagMaxMs", after.getLong("loopLagMaxMs"));
  }

  private static Duration duration(double seconds) {
    return Duration.ofMillis((long) (seconds * 1000));
  }
}
