package cn.wenxin.infra.shared;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.ResponseType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each subscription holds its own connection: a subscribed Redis connection can do nothing else. When that
 * connection ends (Redis restarted, network cut) the subscription connects and subscribes again by itself, backing
 * off from 200 ms to 5 s, until it is cancelled; what was published while it was away is not replayed.
 */
final class RedisPubSub implements PubSub {

  static final long RETRY_FIRST_MS = 200;
  static final long RETRY_MAX_MS = 5_000;
  private static final Logger log = LoggerFactory.getLogger(RedisPubSub.class);

  private final Vertx vertx;
  private final Redis redis;
  private final RedisAPI api;
  private final RedisKeys keys;

  RedisPubSub(Vertx vertx, Redis redis, RedisAPI api, RedisKeys keys) {
    this.vertx = vertx;
    this.keys = keys;
    this.redis = redis;
    this.api = api;
  }

  @Override
  public Future<Void> publish(String channel, String message) {
    return api.publish(keys.of(channel), message).mapEmpty();
  }

  @Override
  public Future<Subscription> subscribe(String channel, Handler<String> handler) {
    Listening listening = new Listening(keys.of(channel), handler);
    return listening.open().map(v -> listening);
  }

  /** One channel's subscription, kept alive across lost connections. */
  private final class Listening implements Subscription {

    private final String key;
    private final Handler<String> handler;
    private volatile RedisConnection conn;
    private volatile boolean cancelled;
    private long backoff = RETRY_FIRST_MS;

    Listening(String key, Handler<String> handler) {
      this.key = key;
      this.handler = handler;
    }

    Future<Void> open() {
      return redis.connect().compose(c -> {
        if (cancelled) {
          return c.close();
        }
        conn = c;
        c.handler(msg -> {
          if (msg.type() == ResponseType.PUSH && msg.size() == 3 && "message".equals(msg.get(0).toString())
              && key.equals(msg.get(1).toString())) {
            handler.handle(msg.get(2).toString());
          }
        });
        c.exceptionHandler(err -> log.debug("Subscription to {} failed: {}", key, err.getMessage()));
        // Only the connection in use re-subscribes when it ends; one replaced or closed by cancel() does not.
        c.endHandler(v -> {
          if (conn == c && !cancelled) {
            conn = null;
            log.warn("Subscription to {} lost its Redis connection; subscribing again", key);
            retryLater();
          }
        });
        return c.send(Request.cmd(Command.SUBSCRIBE).arg(key)).onFailure(err -> {
          if (conn == c) {
            conn = null;
          }
          c.close();
        }).mapEmpty();
      });
    }

    private void retryLater() {
      vertx.setTimer(backoff, id -> {
        if (cancelled) {
          return;
        }
        open().onSuccess(v -> {
          backoff = RETRY_FIRST_MS;
          log.info("Subscription to {} is back", key);
        }).onFailure(err -> {
          backoff = Math.min(backoff * 2, RETRY_MAX_MS);
          retryLater();
        });
      });
    }

    @Override
    public Future<Void> cancel() {
      cancelled = true;
      RedisConnection c = conn;
      conn = null;
      return c == null ? Future.succeededFuture() : c.close();
    }
  }
}
