package cn.wenxin.bench.node;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The harness's line into a node process: one JSON command per line on stdin, one answer per line on stderr after
 * {@link #MARK} (stdout carries the service's own log). When stdin closes, the harness is gone: the node stops, so
 * no benchmark process outlives its run.
 */
public final class Control {

  public static final String MARK = "@@bench ";

  private final Vertx vertx;
  private final Map<String, Function<JsonObject, Future<JsonObject>>> commands = new HashMap<>();

  public Control(Vertx vertx) {
    this.vertx = vertx;
    GcPauses.listen();
    LoopLag.watch(vertx);
    on("stats", args -> Future.succeededFuture(stats(args.getBoolean("gc", false))));
  }

  public Control on(String command, Function<JsonObject, Future<JsonObject>> handler) {
    commands.put(command, handler);
    return this;
  }

  /** Blocks the calling (main) thread until "stop" or the end of stdin. */
  public void serve() throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      JsonObject cmd = new JsonObject(line);
      String name = cmd.getString("cmd");
      if ("stop".equals(name)) {
        answer(cmd, new JsonObject());
        break;
      }
      JsonObject result;
      try {
        Function<JsonObject, Future<JsonObject>> h = commands.get(name);
        if (h == null) {
          throw new IllegalArgumentException("unknown command " + name);
        }
        result = h.apply(cmd).toCompletionStage().toCompletableFuture().get(15, TimeUnit.MINUTES);
      } catch (Exception e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        System.err.println(MARK + new JsonObject().put("id", cmd.getValue("id")).put("error", cause.toString()).encode());
        continue;
      }
      answer(cmd, result);
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    System.exit(0);
  }

  private static void answer(JsonObject cmd, JsonObject result) {
    System.err.println(MARK + new JsonObject().put("id", cmd.getValue("id")).put("result", result).encode());
  }

  /**
   * CPU time of this process so far, heap (after full collections when asked), resident memory, and the collector's
   * pauses since the previous stats.
   */
  public static JsonObject stats(boolean gc) {
    if (gc) {
      for (int i = 0; i < 3; i++) {
        System.gc();
        try {
          Thread.sleep(150);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return new JsonObject()
        .put("cpuNanos", os.getProcessCpuTime())
        .put("heapUsed", heap.getUsed())
        .put("heapCommitted", heap.getCommitted())
        .put("rss", rss())
        .put("threads", ManagementFactory.getThreadMXBean().getThreadCount())
        .mergeIn(GcPauses.sinceLastAsked()).mergeIn(LoopLag.sinceLastAsked());
  }

  private static long rss() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (l.startsWith("VmRSS:")) {
          return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (Exception e) {
      // not Linux: no resident size
    }
    return -1;
  }
}
