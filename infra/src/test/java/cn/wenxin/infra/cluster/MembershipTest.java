package cn.wenxin.infra.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Cluster membership as /ready tells it")
class MembershipTest {

  @Test
  @DisplayName("a local node has none; two Hazelcast members on loopback each see two, by different node ids")
  void twoMembers() throws Exception {
    Vertx local = start(new JsonObject());
    assertThat(Membership.of(local)).isNull();
    local.close();

    int portA = freePort();
    int portB = freePort();
    String members = "127.0.0.1:" + portA + ",127.0.0.1:" + portB;
    String name = "membership-" + portA;
    Vertx a = start(cluster(name, portA, members));
    Vertx b = start(cluster(name, portB, members));
    try {
      long deadline = System.currentTimeMillis() + 30_000;
      while (Membership.of(a).getInteger("members") < 2 && System.currentTimeMillis() < deadline) {
        Thread.sleep(200);
      }
      assertThat(Membership.of(a).getInteger("members")).isEqualTo(2);
      assertThat(Membership.of(b).getInteger("members")).isEqualTo(2);
      assertThat(Membership.of(a).getString("nodeId")).isNotBlank()
          .isNotEqualTo(Membership.of(b).getString("nodeId"));
    } finally {
      b.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      a.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static JsonObject cluster(String name, int port, String members) {
    return new JsonObject().put("WENXIN_CLUSTER", "hazelcast").put("WENXIN_CLUSTER_NAME", name)
        .put("WENXIN_CLUSTER_HOST", "127.0.0.1").put("WENXIN_CLUSTER_PORT", String.valueOf(port))
        .put("WENXIN_CLUSTER_MEMBERS", members);
  }

  private static Vertx start(JsonObject config) throws Exception {
    return Nodes.start(new VertxOptions(), config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
