package cn.wenxin.live;

import cn.wenxin.infra.launch.ServiceLauncher;
import io.vertx.core.VertxOptions;
import org.slf4j.LoggerFactory;

/** Starts the live-class service alone (no HTTP): for a node of a clustered deployment, or to work on it. */
public final class LiveMain {

  private LiveMain() {
  }

  public static void main(String[] args) {
    ServiceLauncher.run("live-service", new VertxOptions(), LiveService::deploy,
        c -> LoggerFactory.getLogger(LiveMain.class).info("live-service is running"));
  }
}
