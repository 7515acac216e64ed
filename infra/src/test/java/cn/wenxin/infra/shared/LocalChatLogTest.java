package cn.wenxin.infra.shared;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Session chat log in process (single-node fallback)")
class LocalChatLogTest extends ChatLogContract {

  @Override
  ChatLog create(Vertx vertx) {
    return ChatLogs.direct(vertx, null, null);
  }
}
