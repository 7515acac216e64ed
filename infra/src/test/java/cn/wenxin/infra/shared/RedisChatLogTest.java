package cn.wenxin.infra.shared;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Session chat log on the real Redis (a stream per session)")
class RedisChatLogTest extends ChatLogContract {

  @Override
  ChatLog create(Vertx vertx) {
    return ChatLogs.direct(vertx, RedisSharedStateTest.REDIS, "wenxin-test-" + java.util.UUID.randomUUID());
  }
}
