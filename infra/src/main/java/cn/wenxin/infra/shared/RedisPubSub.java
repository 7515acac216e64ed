package cn.wenxin.infra.shared;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.ResponseType;

/** Each subscription holds its own connection: a subscribed Redis connection can do nothing else. */
final class RedisPubSub implements PubSub {

  private final Redis redis;
  private final RedisAPI api;
  private final RedisKeys keys;

  RedisPubSub(Redis redis, RedisAPI api, RedisKeys keys) {
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
    String key = keys.of(channel);
    return redis.connect().compose(conn -> {
      conn.handler(msg -> {
        if (msg.type() == ResponseType.PUSH && msg.size() == 3 && "message".equals(msg.get(0).toString())
            && key.equals(msg.get(1).toString())) {
          handler.handle(msg.get(2).toString());
        }
      });
      return conn.send(Request.cmd(io.vertx.redis.client.Command.SUBSCRIBE).arg(key))
          .map(ok -> (Subscription) () -> conn.close());
    });
  }
}
