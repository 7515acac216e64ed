package cn.wenxin.infra.mongo;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A replica set's connection string")
class ReplicaSetUriTest {

  @Test
  @DisplayName("gets retryable writes and majority acknowledgement unless the operator chose otherwise")
  void durableDefaults() {
    assertThat(ReplicaSetUri.durable("mongodb://a,b,c/?replicaSet=rs0"))
        .isEqualTo("mongodb://a,b,c/?replicaSet=rs0&retryWrites=true&w=majority");
    assertThat(ReplicaSetUri.durable("mongodb://a,b,c/wenxin?replicaSet=rs0&w=2"))
        .isEqualTo("mongodb://a,b,c/wenxin?replicaSet=rs0&w=2&retryWrites=true");
    assertThat(ReplicaSetUri.durable("mongodb+srv://cluster.example"))
        .isEqualTo("mongodb+srv://cluster.example/?retryWrites=true&w=majority");
  }

  @Test
  @DisplayName("a standalone server is left as it is (it has no majority to wait for)")
  void standalone() {
    assertThat(ReplicaSetUri.durable("mongodb://127.0.0.1:27017")).isEqualTo("mongodb://127.0.0.1:27017");
    assertThat(ReplicaSetUri.isReplicaSet("mongodb://127.0.0.1:27017/?w=1")).isFalse();
  }
}
