package cn.wenxin.infra.shared;

import cn.wenxin.infra.config.WenxinConfig;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The state nodes share: rate limits, short holds, presence, rosters (expiring groups), ended sign-ins, pub/sub. Backed by Redis;
 * when no Redis answers at start-up the node runs alone on in-process implementations of the same interfaces, says
 * so, and keeps asking for Redis every {@link #RETRY_EVERY}: once it answers, every part moves onto it (subscriptions
 * too); what was counted in process (rate limits, holds, rosters) starts afresh there. A Redis lost later is reconnected by its client
 * (and {@link RedisPubSub} subscribes again). The chat log keeps the backend it started with until a restart
 * (see ChatLogs): moving live sessions' messages between stores could reorder them.
 * One instance per Vert.x instance, so that every verticle of a node sees the same state.
 */
public final class SharedState {

  static final Duration RETRY_EVERY = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(SharedState.class);
  private static final Map<Vertx, Future<SharedState>> PER_VERTX = new WeakHashMap<>();

  /** One backend's implementations. */
  private record Backing(String backend, RateLimiter rateLimiter, ShortHolds holds, PubSub pubSub,
                         SignInAttempts signInAttempts, Rosters rosters, SignInEnds signInEnds) {
  }

  private volatile Backing current;
  private final RateLimiter rateLimiter = new RateLimiter() {
    @Override
    public Future<Long> hit(String key, Duration window) {
      return current.rateLimiter().hit(key, window);
    }

    @Override
    public Future<Void> reset(String key) {
      return current.rateLimiter().reset(key);
    }
  };
  private final ShortHolds holds = new ShortHolds() {
    @Override
    public Future<Boolean> hold(String key, String value, Duration ttl) {
      return current.holds().hold(key, value, ttl);
    }

    @Override
    public Future<String> get(String key) {
      return current.holds().get(key);
    }

    @Override
    public Future<Duration> remaining(String key) {
      return current.holds().remaining(key);
    }

    @Override
    public Future<Void> release(String key) {
      return current.holds().release(key);
    }

    @Override
    public Future<Void> putAll(List<String> keys, String value, Duration ttl) {
      return current.holds().putAll(keys, value, ttl);
    }
  };
  private final SignInAttempts signInAttempts = new SignInAttempts() {
    @Override
    public Future<Duration> reserve(String account, String address, Limits limits) {
      return current.signInAttempts().reserve(account, address, limits);
    }

    @Override
    public Future<Void> succeeded(String account, String address, Limits limits) {
      return current.signInAttempts().succeeded(account, address, limits);
    }
  };
  private final MovablePubSub pubSub = new MovablePubSub();
  private final Rosters rosters = new Rosters() {
    @Override
    public Future<Void> put(String group, Map<String, String> entries, Duration ttl) {
      return current.rosters().put(group, entries, ttl);
    }

    @Override
    public Future<Void> touch(String group, java.util.Collection<String> names, Duration ttl) {
      return current.rosters().touch(group, names, ttl);
    }

    @Override
    public Future<Boolean> join(String group, String name, String value, Duration ttl, int cap) {
      return current.rosters().join(group, name, value, ttl, cap);
    }

    @Override
    public Future<String> take(String group, String name) {
      return current.rosters().take(group, name);
    }

    @Override
    public Future<Long> countValue(String group, String value) {
      return current.rosters().countValue(group, value);
    }

    @Override
    public Future<Map<String, String>> live(String group) {
      return current.rosters().live(group);
    }

    @Override
    public Future<Long> count(String tally, String field, long by, Duration keep) {
      return current.rosters().count(tally, field, by, keep);
    }

    @Override
    public Future<Map<String, Long>> tally(String tally) {
      return current.rosters().tally(tally);
    }
  };

  private final SignInEnds signInEnds = new SignInEnds() {
    @Override
    public Future<Void> add(String sessionId, Duration refuseFor) {
      return current.signInEnds().add(sessionId, refuseFor);
    }

    // The cursor names its backend: one read on another backend starts from that backend's oldest entry.
    @Override
    public Future<Page> after(String cursor, int max) {
      Backing b = current;
      String prefix = b.backend() + "|";
      String own = cursor != null && cursor.startsWith(prefix) ? cursor.substring(prefix.length()) : null;
      return b.signInEnds().after(own, max).map(p -> new Page(p.ended(), prefix + p.cursor()));
    }
  };

  private SharedState(Backing backing) {
    this.current = backing;
  }

  /** "redis" or "in-process", as it is now. */
  public String backend() {
    return current.backend();
  }

  public RateLimiter rateLimiter() {
    return rateLimiter;
  }

  public ShortHolds holds() {
    return holds;
  }

  public PubSub pubSub() {
    return pubSub;
  }

  public SignInAttempts signInAttempts() {
    return signInAttempts;
  }

  /** Expiring groups and tallies (who is in a livestream room across nodes). */
  public Rosters rosters() {
    return rosters;
  }

  /** The ended sign-ins whose tokens may still be alive, as a log each node reads on from its own cursor. */
  public SignInEnds signInEnds() {
    return signInEnds;
  }

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
    return redis(vertx, options, target, keys).map(SharedState::new).recover(err -> {
      log.warn("No Redis answers at {} ({}): running as a single node on in-process shared state; asking again "
          + "every {} s", target, err.getMessage(), RETRY_EVERY.toSeconds());
      SharedState state = new SharedState(localBacking(vertx));
      state.retry(vertx, options, target, keys);
      return Future.succeededFuture(state);
    });
  }

  private static Future<Backing> redis(Vertx vertx, RedisOptions options, String target, RedisKeys keys) {
    Redis redis = Redis.createClient(vertx, new RedisOptions(options)
        .setMaxPoolSize(16)
        .setMaxPoolWaiting(512));
    RedisAPI api = RedisAPI.api(redis);
    return api.ping(List.of())
        .timeout(2, java.util.concurrent.TimeUnit.SECONDS)
        .map(pong -> {
          log.info("Shared state on Redis at {}", target);
          return new Backing("redis", new RedisRateLimiter(api, keys), new RedisShortHolds(api, keys),
              new RedisPubSub(vertx, redis, api, keys), new RedisSignInAttempts(api, keys),
              new RedisRosters(api, keys), new RedisSignInEnds(api, keys));
        })
        .onFailure(err -> redis.close());
  }

  /** Until Redis answers: then every part moves onto it. */
  private void retry(Vertx vertx, RedisOptions options, String target, RedisKeys keys) {
    vertx.setTimer(RETRY_EVERY.toMillis(), id -> redis(vertx, options, target, keys)
        .compose(backing -> pubSub.moveTo(backing.pubSub()).map(backing))
        .onSuccess(backing -> {
          current = backing;
          log.warn("Redis at {} answers again: shared state moved onto it", target);
        })
        .onFailure(err -> retry(vertx, options, target, keys)));
  }

  public static SharedState local(Vertx vertx) {
    return new SharedState(localBacking(vertx));
  }

  private static Backing localBacking(Vertx vertx) {
    return new Backing("in-process", new LocalRateLimiter(), new LocalShortHolds(), new LocalPubSub(vertx),
        new LocalSignInAttempts(), new LocalRosters(), new LocalSignInEnds());
  }

  private static String redact(String url) {
    return RedisConnections.redact(url);
  }

  /** Publishes on the current backend; its subscriptions follow a move to another backend. */
  private final class MovablePubSub implements PubSub {

    private final List<Moving> subscriptions = new CopyOnWriteArrayList<>();

    @Override
    public Future<Void> publish(String channel, String message) {
      return current.pubSub().publish(channel, message);
    }

    @Override
    public Future<Subscription> subscribe(String channel, Handler<String> handler) {
      Moving m = new Moving(channel, handler);
      return current.pubSub().subscribe(channel, handler).map(s -> {
        m.on = s;
        subscriptions.add(m);
        return m;
      });
    }

    /** Subscribes everything on the new backend first, then leaves the old one (a message may come twice, not 0). */
    Future<Void> moveTo(PubSub next) {
      List<Future<Void>> moved = subscriptions.stream().map(m -> next.subscribe(m.channel, m.handler).compose(s -> {
        Subscription old = m.on;
        m.on = s;
        return old.cancel().otherwiseEmpty();
      })).toList();
      return Future.all(moved).mapEmpty();
    }

    private final class Moving implements Subscription {
      final String channel;
      final Handler<String> handler;
      volatile Subscription on;

      Moving(String channel, Handler<String> handler) {
        this.channel = channel;
        this.handler = handler;
      }

      @Override
      public Future<Void> cancel() {
        subscriptions.remove(this);
        return on.cancel();
      }
    }
  }
}
