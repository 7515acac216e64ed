package cn.wenxin.infra.cluster;

import cn.wenxin.infra.config.ClusterConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes this process's Vert.x: a local one by default, a clustered one when {@code WENXIN_CLUSTER} says so. */
public final class Nodes {

  private static final Logger log = LoggerFactory.getLogger(Nodes.class);

  private Nodes() {
  }

  public static Future<Vertx> start(VertxOptions options, JsonObject config) {
    ClusterConfig cluster = ClusterConfig.from(config);
    if (!cluster.clustered()) {
      return Future.succeededFuture(Vertx.vertx(options));
    }
    log.info("Joining the {} cluster '{}' as {}:{} (members {})", cluster.manager(), cluster.name(), cluster.host(),
        cluster.port(), cluster.members());
    return HazelcastCluster.start(options, cluster);
  }
}
