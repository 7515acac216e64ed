package cn.wenxin.infra.shared;

import cn.wenxin.infra.config.WenxinConfig;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;

/**
 * Where the Redis clients connect: one server ({@code WENXIN_REDIS_URL}), or, with {@code WENXIN_REDIS_SENTINELS},
 * whichever server the sentinels name master of {@code WENXIN_REDIS_MASTER_NAME}. In sentinel mode the client asks
 * the sentinels again for each new connection, so after a failover new connections reach the new master.
 */
final class RedisConnections {

  private RedisConnections() {
  }

  static RedisOptions options(WenxinConfig.Storage storage) {
    if (storage.redisSentinels().isEmpty()) {
      return new RedisOptions().setConnectionString(storage.redisUrl());
    }
    RedisOptions options = new RedisOptions().setType(RedisClientType.SENTINEL)
        .setMasterName(storage.redisMasterName()).setRole(RedisRole.MASTER);
    // The password, if any, is the one of WENXIN_REDIS_URL (the master's); sentinels are listed as host:port.
    String password = password(storage.redisUrl());
    for (String sentinel : storage.redisSentinels()) {
      options.addConnectionString("redis://" + sentinel);
    }
    if (password != null) {
      options.setPassword(password);
    }
    return options;
  }

  /** What the logs may say about the target: no password. */
  static String describe(WenxinConfig.Storage storage) {
    return storage.redisSentinels().isEmpty()
        ? redact(storage.redisUrl())
        : "master '" + storage.redisMasterName() + "' of sentinels " + storage.redisSentinels();
  }

  static String redact(String url) {
    return url.replaceAll("//[^@/]*@", "//***@");
  }

  private static String password(String url) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("//(?:[^:@/]*):([^@/]+)@").matcher(url);
    return m.find() ? m.group(1) : null;
  }
}
