package cn.wenxin.infra.launch;

import cn.wenxin.infra.cluster.Nodes;
import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.metrics.WenxinMetrics;
import cn.wenxin.infra.mongo.EmbeddedMongoVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Runs one or more services in this JVM: reads WENXIN_* from the environment, starts the embedded MongoDB-wire
 * server when no WENXIN_MONGO_URI is set, deploys, and on SIGTERM/SIGINT first drains (requests in flight are
 * answered, see {@link Draining}), then closes Vert.x cleanly (so the stores close).
 */
public final class ServiceLauncher {

  private static final Logger log = LoggerFactory.getLogger(ServiceLauncher.class);

  private ServiceLauncher() {
  }

  public static JsonObject envConfig() {
    JsonObject config = new JsonObject();
    System.getenv().forEach((k, v) -> {
      if (k.startsWith("WENXIN_")) {
        config.put(k, v);
      }
    });
    return config;
  }

  /** Deploys the embedded server if needed, then the services. Used by every launcher and by the tests. */
  public static Future<Void> deploy(Vertx vertx, JsonObject config, BiFunction<Vertx, JsonObject, Future<Void>> services) {
    WenxinMetrics.of(vertx, config).watchEventLoops(vertx);
    Future<?> storage = WenxinConfig.from(config).storage().embeddedMongo()
        ? vertx.deployVerticle(new EmbeddedMongoVerticle(), new DeploymentOptions().setConfig(config))
        : Future.succeededFuture();
    return storage.compose(v -> services.apply(vertx, config));
  }

  /**
   * SIGTERM: drain, then close, each phase bounded so that the whole stop ends well inside an orchestrator's grace
   * period (30 s by default); a phase that overruns is named in the log and the stop goes on (every acknowledged
   * write is already committed, and the embedded store closes itself last, see EmbeddedMongo).
   */
  static void stop(String name, Vertx vertx) {
    long started = System.nanoTime();
    phase(name, "draining", Draining.run(vertx), DRAIN_LIMIT_SECONDS);
    phase(name, "closing", vertx.close(), CLOSE_LIMIT_SECONDS);
    log.info("{} stopped in {} ms", name, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }

  private static void phase(String name, String what, Future<?> done, long limitSeconds) {
    try {
      done.toCompletionStage().toCompletableFuture().get(limitSeconds, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      log.warn("{}: {} took longer than {} s; going on", name, what, limitSeconds);
    } catch (Exception e) {
      log.warn("{}: {} failed: {}", name, what, e.toString());
    }
  }

  /** The gateway answers requests in flight for at most 10 s, then its server shuts down within 1 s. */
  static final long DRAIN_LIMIT_SECONDS = 12;
  static final long CLOSE_LIMIT_SECONDS = 8;

  /** The whole life of a process: {@code services} deploys what runs on top of the storage made ready here. */
  public static void run(String name, VertxOptions options, BiFunction<Vertx, JsonObject, Future<Void>> services,
                         Consumer<WenxinConfig> onStarted) {
    JsonObject config = envConfig();
    AtomicReference<Vertx> running = new AtomicReference<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      Vertx vertx = running.get();
      if (vertx != null) {
        stop(name, vertx);
      }
    }, name + "-shutdown"));
    Nodes.start(options, config)
        .onFailure(err -> {
          log.error("{} could not join its cluster", name, err);
          System.exit(1);
        })
        .onSuccess(vertx -> {
          running.set(vertx);
          deploy(vertx, config, services)
              .onSuccess(v -> onStarted.accept(WenxinConfig.from(config)))
              .onFailure(err -> {
                log.error("{} failed to start", name, err);
                vertx.close().onComplete(x -> System.exit(1));
              });
        });
  }
}
