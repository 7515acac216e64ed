package cn.wenxin.infra.metrics;

import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.error.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;
import io.vertx.micrometer.backends.BackendRegistries;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * The domain's meters, in the Micrometer registry that Vert.x's own metrics use (so {@code /metrics} shows both,
 * named {@code wenxin_*}). The one place that names Micrometer: verticles call a method here and nothing else.
 * One per Vert.x. Counters and timers add up across nodes; a gauge says in its help text whether it is this node's
 * own count or a cluster-wide one read from the database (every node then reports the same value: take max, not sum).
 * A Vert.x without metrics (a service started alone, a unit test) records into a registry nobody reads.
 */
public final class WenxinMetrics implements Shareable {

  private static final String KEY = "wenxin.metrics";

  private final MeterRegistry registry;
  private final AtomicLong queueLength = new AtomicLong();
  private final AtomicLong pendingAlerts = new AtomicLong();
  private final AtomicLong activeSessions = new AtomicLong();
  private final Set<IntSupplier> sockets = ConcurrentHashMap.newKeySet();
  private final Timer queueWait;
  private final Counter chatMessages;
  private final AtomicBoolean watching = new AtomicBoolean();

  private WenxinMetrics(MeterRegistry registry) {
    this.registry = registry;
    gauge("wenxin.hotline.queue.length", queueLength,
        "Talk-now requests waiting for hotline staff; cluster-wide, from the database");
    gauge("wenxin.hotline.alerts.pending", pendingAlerts,
        "Crisis alerts not yet acknowledged; cluster-wide, from the database");
    gauge("wenxin.sessions.active", activeSessions,
        "Counseling sessions in progress (not hotline chats); cluster-wide, from the database");
    sum("wenxin.websocket.connections", sockets, "Open WebSocket connections on this node");
    chatMessages = Counter.builder("wenxin.chat.messages")
        .description("Chat messages stored and relayed (counseling sessions and hotline chats)").register(registry);
    queueWait = Timer.builder("wenxin.hotline.queue.wait")
        .description("Time from a talk-now request to its pick-up by hotline staff")
        .serviceLevelObjectives(seconds(10, 30, 60, 120, 300, 600, 1800)).register(registry);
  }

  /** This Vert.x's meters, in the registry named by {@code WENXIN_METRICS_REGISTRY}. */
  public static WenxinMetrics of(Vertx vertx, JsonObject config) {
    return of(vertx, WenxinConfig.from(config));
  }

  public static WenxinMetrics of(Vertx vertx, WenxinConfig config) {
    String name = config.http().metricsRegistry();
    return (WenxinMetrics) vertx.sharedData().getLocalMap(KEY).computeIfAbsent(name, n -> {
      MeterRegistry r = BackendRegistries.getNow(name);
      return new WenxinMetrics(r != null ? r : new CompositeMeterRegistry());
    });
  }

  /** Counts a booking action ("created", "cancelled", "rescheduled") by how it ended; answers the same future. */
  public <T> Future<T> booking(String action, Future<T> result) {
    return result.onComplete(r -> Counter.builder("wenxin.bookings")
        .description("Booking actions by outcome: ok, rejected (a 4xx answer, e.g. the slot was taken) or failed")
        .tag("action", action).tag("outcome", outcome(r.cause())).register(registry).increment());
  }

  /** Counts a chat message once it is stored and relayed (a resent one counts again); answers the same future. */
  public <T> Future<T> chatMessage(Future<T> sent) {
    return sent.onSuccess(x -> chatMessages.increment());
  }

  /** A talk-now request was picked up after waiting this long. */
  public void queueWait(Duration waited) {
    queueWait.record(waited.isNegative() ? Duration.ZERO : waited);
  }

  /** Sets the queue length from a count (a failed count leaves the last value). */
  public void queueLength(Future<Long> count) {
    count.onSuccess(queueLength::set);
  }

  public void pendingAlerts(Future<Long> count) {
    count.onSuccess(pendingAlerts::set);
  }

  public void activeSessions(Future<Long> count) {
    count.onSuccess(activeSessions::set);
  }

  /** Adds a source of this node's open sockets; sources are summed, the same one added twice counts once. */
  public void sockets(IntSupplier open) {
    sockets.add(open);
  }

  /** Measures how late each event loop runs a task ({@link EventLoopDelay}); started once per Vert.x. */
  public void watchEventLoops(Vertx vertx) {
    if (!watching.compareAndSet(false, true)) {
      return;
    }
    EventLoopDelay.watch(vertx, Timer.builder("wenxin.eventloop.delay")
        .description("How late a task scheduled on an event loop of this node ran (a blocked loop shows here)")
        .serviceLevelObjectives(millis(5, 20, 50, 100, 250, 1000, 5000)).register(registry));
  }

  private void gauge(String name, AtomicLong value, String help) {
    Gauge.builder(name, value, AtomicLong::get).description(help).strongReference(true).register(registry);
  }

  private void sum(String name, Set<IntSupplier> sources, String help) {
    Gauge.builder(name, sources, l -> l.stream().mapToInt(IntSupplier::getAsInt).sum()).description(help)
        .strongReference(true).register(registry);
  }

  // A few buckets each (Prometheus histograms): enough for "how many waited over 5 minutes", cheap to scrape.
  private static Duration[] seconds(long... s) {
    return Arrays.stream(s).mapToObj(Duration::ofSeconds).toArray(Duration[]::new);
  }

  private static Duration[] millis(long... ms) {
    return Arrays.stream(ms).mapToObj(Duration::ofMillis).toArray(Duration[]::new);
  }

  private static String outcome(Throwable err) {
    if (err == null) {
      return "ok";
    }
    return err instanceof ReplyException r && r.failureCode() >= 400 && r.failureCode() < 500
        || err instanceof ProblemException p && p.status() < 500 ? "rejected" : "failed";
  }
}
