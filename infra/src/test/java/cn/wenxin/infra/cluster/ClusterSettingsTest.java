package cn.wenxin.infra.cluster;

import cn.wenxin.infra.config.ClusterConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Cluster settings")
class ClusterSettingsTest {

  @Test
  @DisplayName("by default one node on a local event bus")
  void singleNodeByDefault() throws Exception {
    ClusterConfig c = ClusterConfig.from(new JsonObject());
    assertThat(c.clustered()).isFalse();
    assertThat(c.members()).containsExactly("127.0.0.1:5701");
    Vertx vertx = Nodes.start(new VertxOptions(), new JsonObject()).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    assertThat(vertx.isClustered()).isFalse();
    vertx.close();
  }

  @Test
  @DisplayName("an unknown cluster manager is refused at start, not ignored")
  void unknownManager() {
    assertThatThrownBy(() -> ClusterConfig.from(new JsonObject().put("WENXIN_CLUSTER", "zookeeper")))
        .hasMessageContaining("WENXIN_CLUSTER");
  }

  @Test
  @DisplayName("Hazelcast joins the listed members by TCP-IP, never by multicast, and leaves on our shutdown")
  void tcpIpMembers() {
    ClusterConfig c = ClusterConfig.from(new JsonObject().put("WENXIN_CLUSTER", "hazelcast")
        .put("WENXIN_CLUSTER_NAME", "city").put("WENXIN_CLUSTER_PORT", "5801")
        .put("WENXIN_CLUSTER_MEMBERS", "10.0.0.1:5801, 10.0.0.2:5801"));
    Config config = HazelcastCluster.hazelcast(c);
    JoinConfig join = config.getNetworkConfig().getJoin();
    assertThat(config.getClusterName()).isEqualTo("city");
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).containsExactly("10.0.0.1:5801", "10.0.0.2:5801");
    assertThat(config.getNetworkConfig().getPort()).isEqualTo(5801);
    assertThat(config.getProperty("hazelcast.shutdownhook.enabled")).isEqualTo("false");
  }

  @Test
  @DisplayName("on Kubernetes the members come from the headless service's DNS")
  void kubernetes() {
    Config config = HazelcastCluster.hazelcast(ClusterConfig.from(new JsonObject().put("WENXIN_CLUSTER", "hazelcast")
        .put("WENXIN_CLUSTER_KUBERNETES_DNS", "wenxin-cluster.ns.svc.cluster.local")));
    JoinConfig join = config.getNetworkConfig().getJoin();
    assertThat(join.getKubernetesConfig().isEnabled()).isTrue();
    assertThat(join.getKubernetesConfig().getProperty("service-dns")).isEqualTo("wenxin-cluster.ns.svc.cluster.local");
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
  }
}
