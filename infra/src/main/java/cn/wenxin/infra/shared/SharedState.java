package cn.wenxin.infra.shared;

import cn.wenxin.infra.config.WenxinConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * The state nodes share: rate limits, short holds, presence, pub/sub. Backed by Redis; when no Redis answers at
 * start-up the node runs alone on in-process implementations of the same interfaces, and says so once.
 * One instance per Vert.x instance, so that every verticle of a node sees the same in-process state.
 */
public record SharedState(String backend, RateLimiter rateLimiter, ShortHolds holds, PubSub pubSub,
                          SignInAttempts signInAttempts) {

  private static final Logger log = LoggerFactory.getLogger(SharedState.class);
  private static final Map<Vertx, Future<SharedState>> PER_VERTX = new WeakHashMap<>();

  public Presence presence() {
    return new Presence(holds);
  }

  public static synchronized Future<SharedState> of(Vertx vertx, WenxinConfig.Storage storage) {
    return PER_VERTX.computeIfAbsent(vertx, v -> connect(v, RedisConnections.options(storage),
        RedisConnections.describe(storage), new RedisKeys(storage.redisNamespace())));
  }

  static Future<SharedState> connect(Vertx vertx, String redisUrl, RedisKeys keys) {
    return connect(vertx, new RedisOptions().setConnectionString(redisUrl), redact(redisUrl), keys);
  }

  /** {@code target}: where that is, for the logs (no password). */
  static Future<SharedState> connect(Vertx vertx, RedisOptions options, String target, RedisKeys keys) {
    Redis redis = Redis.createClient(vertx, options
        .setMaxPoolSize(16)
        .setMaxPoolWaiting(512));
    RedisAPI api = RedisAPI.api(redis);
    return api.ping(java.util.List.of())
        .timeout(2, java.util.concurrent.TimeUnit.SECONDS)
        .map(pong -> {
          log.info("Shared state on Redis at {}", target);
          return new SharedState("redis", new RedisRateLimiter(api, keys), new RedisShortHolds(api, keys),
              new RedisPubSub(redis, api, keys), new RedisSignInAttempts(api, keys));
        })
        .recover(err -> {
          redis.close();
          log.warn("No Redis answers at {} ({}): running as a single node on in-process shared state",
              target, err.getMessage());
          return Future.succeededFuture(local(vertx));
        });
  }

  public static SharedState local(Vertx vertx) {
    LocalShortHolds holds = new LocalShortHolds();
    return new SharedState("in-process", new LocalRateLimiter(), holds, new LocalPubSub(vertx), new LocalSignInAttempts());
  }

  private static String redact(String url) {
    return RedisConnections.redact(url);
  }
}
