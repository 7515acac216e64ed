package cn.wenxin.infra.config;

import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.List;

/**
 * How a node joins others ({@code WENXIN_CLUSTER*}). The default is one node on a local event bus, which starts as
 * fast as before: the cluster manager is not even loaded. With {@code WENXIN_CLUSTER=hazelcast} the event bus is
 * clustered by Hazelcast, which finds its peers by TCP-IP at the listed members (no multicast: it is off in most
 * networks, and explicit members make a cluster on loopback reproducible in tests).
 */
public record ClusterConfig(
    String manager,
    String name,
    String host,
    int port,
    List<String> members,
    int eventBusPort,
    int failureDetectionSeconds,
    String kubernetesServiceDns) {

  public boolean clustered() {
    return !manager.isEmpty() && !"none".equals(manager);
  }

  public static ClusterConfig from(JsonObject c) {
    String manager = str(c, "WENXIN_CLUSTER", "none").toLowerCase(java.util.Locale.ROOT);
    if (!List.of("none", "hazelcast").contains(manager)) {
      throw new IllegalArgumentException("WENXIN_CLUSTER must be none or hazelcast, got '" + manager + "'");
    }
    return new ClusterConfig(
        manager,
        str(c, "WENXIN_CLUSTER_NAME", "wenxin"),           // nodes of other deployments on the network never join
        str(c, "WENXIN_CLUSTER_HOST", "127.0.0.1"),        // the address peers reach this node at (Hazelcast and the bus)
        WenxinConfig.integer(c, "WENXIN_CLUSTER_PORT", 5701),           // Hazelcast's member port
        Arrays.stream(str(c, "WENXIN_CLUSTER_MEMBERS", "127.0.0.1:5701").split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).toList(),
        WenxinConfig.integer(c, "WENXIN_CLUSTER_BUS_PORT", 0),          // the event bus's own port: 0 picks a free one
        // A member unheard for this long is removed, and with it its event-bus handlers: how long a dead node's
        // share of requests fails before the others take all of them.
        WenxinConfig.integer(c, "WENXIN_CLUSTER_FAILURE_SECONDS", 5),
        // Kubernetes: the members are the addresses of this headless service (pods come and go; no fixed list).
        str(c, "WENXIN_CLUSTER_KUBERNETES_DNS", ""));
  }

  private static String str(JsonObject c, String key, String def) {
    Object v = c.getValue(key);
    String s = v == null ? "" : v.toString().trim();
    return s.isEmpty() ? def : s;
  }
}
