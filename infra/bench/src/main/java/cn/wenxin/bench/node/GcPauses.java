package cn.wenxin.bench.node;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node's stop-the-world collections, heard as the JVM reports them: the longest pause and their total since the
 * harness last asked. A latency tail that matches the longest pause is the collector's, not the code's.
 * Concurrent cycles (which do not stop the application) are not counted.
 */
public final class GcPauses {

  private static final AtomicLong longestMs = new AtomicLong();
  private static final AtomicLong totalMs = new AtomicLong();
  private static final AtomicLong count = new AtomicLong();
  private static boolean listening;

  private GcPauses() {
  }

  /** Starts listening once per JVM (the nodes and the harness itself, whose own pauses delay what it measures). */
  public static synchronized void listen() {
    if (listening) {
      return;
    }
    listening = true;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc.getName().contains("Cycles") || gc.getName().contains("Concurrent")) {
        continue;
      }
      ((NotificationEmitter) gc).addNotificationListener((n, handback) -> {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
          long ms = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo().getDuration();
          longestMs.accumulateAndGet(ms, Math::max);
          totalMs.addAndGet(ms);
          count.incrementAndGet();
        }
      }, null, null);
    }
  }

  /** {gcPauses, gcPauseMaxMs, gcPauseTotalMs} since the previous call. */
  public static io.vertx.core.json.JsonObject sinceLastAsked() {
    return new io.vertx.core.json.JsonObject().put("gcPauses", count.getAndSet(0))
        .put("gcPauseMaxMs", longestMs.getAndSet(0)).put("gcPauseTotalMs", totalMs.getAndSet(0));
  }
}
