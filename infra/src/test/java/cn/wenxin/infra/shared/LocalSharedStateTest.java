package cn.wenxin.infra.shared;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Shared state in-process (single-node fallback)")
class LocalSharedStateTest extends SharedStateContract {

  @Override
  SharedState create(Vertx vertx) {
    return SharedState.local(vertx);
  }
}
