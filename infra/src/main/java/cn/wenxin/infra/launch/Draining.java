package cn.wenxin.infra.launch;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * What must happen on SIGTERM before anything is undeployed: a gateway stops taking requests and answers those in
 * flight while the services behind it still run. {@link ServiceLauncher} runs these, then closes Vert.x.
 */
public final class Draining {

  private static final Map<Vertx, List<Supplier<Future<?>>>> STEPS = new WeakHashMap<>();

  private Draining() {
  }

  public static synchronized void add(Vertx vertx, Supplier<Future<?>> step) {
    STEPS.computeIfAbsent(vertx, v -> new ArrayList<>()).add(step);
  }

  /** Runs every step at once; completes when all are done, whether or not they succeeded. */
  public static Future<Void> run(Vertx vertx) {
    List<Supplier<Future<?>>> steps;
    synchronized (Draining.class) {
      steps = STEPS.remove(vertx);
    }
    if (steps == null) {
      return Future.succeededFuture();
    }
    return Future.join(steps.stream().map(s -> (Future<?>) s.get()).toList()).<Void>mapEmpty()
        .otherwiseEmpty();
  }
}
