package cn.wenxin.infra.shared;

import cn.wenxin.infra.config.WenxinConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

import java.util.Map;
import java.util.WeakHashMap;

/** Picks the chat log's backend the way {@link SharedState} picked its own, so the two never disagree. */
final class ChatLogs {

  private static final Map<Vertx, Future<ChatLog>> PER_VERTX = new WeakHashMap<>();

  private ChatLogs() {
  }

  static synchronized Future<ChatLog> of(Vertx vertx, WenxinConfig.Storage storage) {
    return PER_VERTX.computeIfAbsent(vertx, v -> SharedState.of(v, storage).map(state -> {
      if (!"redis".equals(state.backend())) {
        return new LocalChatLog();
      }
      Redis redis = Redis.createClient(v, RedisConnections.options(storage).setMaxPoolSize(8).setMaxPoolWaiting(1024));
      return (ChatLog) new RedisChatLog(redis, new RedisKeys(storage.redisNamespace()), storage.redisAckReplicas(),
          storage.redisAckWait());
    }));
  }

  /** For the contract test: a log on the given Redis, or in process when {@code redisUrl} is null. */
  static ChatLog direct(Vertx vertx, String redisUrl, String namespace) {
    if (redisUrl == null) {
      return new LocalChatLog();
    }
    Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUrl)
        .setMaxPoolSize(8).setMaxPoolWaiting(1024));
    return new RedisChatLog(redis, new RedisKeys(namespace), 0, java.time.Duration.ZERO);
  }
}
