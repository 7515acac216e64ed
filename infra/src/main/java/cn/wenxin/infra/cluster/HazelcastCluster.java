package cn.wenxin.infra.cluster;

import cn.wenxin.infra.bus.PeerLoss;
import cn.wenxin.infra.config.ClusterConfig;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * A clustered Vert.x on Hazelcast. Only this class names Hazelcast, so a single node never loads it.
 * Members are found by TCP-IP at {@link ClusterConfig#members()}; multicast and auto-detection are off.
 */
final class HazelcastCluster {

  private HazelcastCluster() {
  }

  static Future<Vertx> start(VertxOptions options, ClusterConfig cluster) {
    options.getEventBusOptions().setHost(cluster.host()).setPort(cluster.eventBusPort())
        .setClusterPublicHost(cluster.host());
    HazelcastClusterManager manager = new HazelcastClusterManager(hazelcast(cluster));
    return Vertx.builder().with(options).withClusterManager(manager).buildClustered().onSuccess(vertx -> {
      // Requests that went to a node that has just died are refused at once instead of timing out (PeerLoss).
      PeerLoss loss = PeerLoss.of(vertx);
      manager.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
        @Override
        public void memberAdded(MembershipEvent event) {
        }

        @Override
        public void memberRemoved(MembershipEvent event) {
          loss.nodeLeft();
        }
      });
    });
  }

  static Config hazelcast(ClusterConfig cluster) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(cluster.name());
    // Our own shutdown hook drains and then closes Vert.x, which leaves the cluster; Hazelcast's would leave first.
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    int failure = Math.max(2, cluster.failureDetectionSeconds());
    config.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(failure));
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    // The first member does not wait 5 s for others before it forms the cluster alone; late ones join it.
    config.setProperty("hazelcast.wait.seconds.before.join", "1");
    config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
    config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(false);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (!cluster.kubernetesServiceDns().isEmpty()) {
      // Each pod finds the others through the headless service's DNS records; the pod's own address is used.
      join.getKubernetesConfig().setEnabled(true).setProperty("service-dns", cluster.kubernetesServiceDns());
      return config;
    }
    network.setPublicAddress(cluster.host() + ":" + cluster.port());
    if (cluster.host().matches("[0-9.]+")) {
      // An address: bind there only (loopback in tests). A name (a container's) is resolved by Hazelcast itself.
      network.getInterfaces().setEnabled(true).addInterface(cluster.host());
    }
    join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members()).setConnectionTimeoutSeconds(2);
    return config;
  }
}
