package cn.wenxin.infra.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;

/** What this node sees of its cluster, for {@code /ready}: its id there and how many members it sees (itself too). */
public final class Membership {

  private Membership() {
  }

  /** {@code {nodeId, members}}, or null on a local event bus. Reads the manager's own view: nothing blocks. */
  public static JsonObject of(Vertx vertx) {
    ClusterManager manager = vertx instanceof VertxInternal v ? v.clusterManager() : null;
    if (manager == null) {
      return null;
    }
    return new JsonObject().put("nodeId", manager.getNodeId()).put("members", manager.getNodes().size());
  }
}
