package cn.wenxin.consult;

import cn.wenxin.infra.launch.ServiceLauncher;
import io.vertx.core.VertxOptions;
import org.slf4j.LoggerFactory;

/** Starts the consultation service alone (no HTTP): for a node of a clustered deployment, or to work on it. */
public final class ConsultMain {

  private ConsultMain() {
  }

  public static void main(String[] args) {
    ServiceLauncher.run("consult-service", new VertxOptions(), ConsultService::deploy,
        c -> LoggerFactory.getLogger(ConsultMain.class).info("consult-service is running"));
  }
}
