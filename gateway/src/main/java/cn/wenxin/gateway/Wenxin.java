package cn.wenxin.gateway;

import cn.wenxin.consult.ConsultService;
import cn.wenxin.gateway.api.ApiRouter;
import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.launch.ServiceLauncher;
import cn.wenxin.live.LiveService;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * Starts the whole service in one JVM: the embedded MongoDB-wire server when no WENXIN_MONGO_URI is set, the
 * consultation and live-class services side by side, then the gateway. Each service can also be deployed alone
 * ({@link ConsultService#deploy}, {@link LiveService#deploy}); on a clustered event bus the same code spreads out.
 */
public final class Wenxin {

  private static final Logger log = LoggerFactory.getLogger(Wenxin.class);

  private Wenxin() {
  }

  public static VertxOptions vertxOptions() {
    return vertxOptions(WenxinConfig.fromEnv().http().metricsRegistry());
  }

  /** Vert.x with Prometheus metrics in the named registry (the gateway's /metrics reads the same name). */
  public static VertxOptions vertxOptions(String metricsRegistry) {
    return new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
        .setRegistryName(metricsRegistry)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
        .setJvmMetricsEnabled(true)
        .setEnabled(true));
  }

  /** Deploys everything, in order; the config holds WENXIN_* keys (see {@link WenxinConfig}). */
  public static Future<Void> deploy(Vertx vertx, JsonObject config) {
    return ServiceLauncher.deploy(vertx, config, Wenxin::services);
  }

  /** The services and the gateway, on storage that {@link ServiceLauncher} has already made ready. */
  private static Future<Void> services(Vertx vertx, JsonObject config) {
    // The two services start side by side (neither needs the other to start); the gateway last, so that it answers
    // nothing before every address has its consumer. Its contract is resolved meanwhile (ApiRouter.contract).
    ApiRouter.contract(vertx);
    return Future.all(ConsultService.deploy(vertx, config), LiveService.deploy(vertx, config))
        .compose(x -> vertx.deployVerticle(GatewayVerticle::new, new DeploymentOptions().setConfig(config)
            .setInstances(WenxinConfig.from(config).http().gatewayInstances())))
        .mapEmpty();
  }

  public static void main(String[] args) {
    ServiceLauncher.run("wenxin", vertxOptions(), Wenxin::services, Wenxin::banner);
  }

  private static void banner(WenxinConfig c) {
    String url = "http://localhost:" + c.http().port() + "/";
    StringBuilder b = new StringBuilder()
        .append("\n\n  温心有约 Wenxin is running: ").append(url).append('\n')
        .append("  Storage: ").append(c.storage().embeddedMongo()
            ? "embedded MongoDB-wire server in " + c.storage().dataDir().toAbsolutePath() : "MongoDB (WENXIN_MONGO_URI)")
        .append('\n');
    if (c.demo().enabled()) {
      b.append("  Demo accounts (password: ").append(c.demo().password()).append("):\n");
      String[][] accounts = {{"student", "student001 .. student200"}, {"parent", "parent001 .. parent100"},
          {"expert", "expert001 .. expert100"}, {"hotline", "hotline01 .. hotline10"}, {"admin", "admin01 .. admin02"}};
      for (String[] a : accounts) {
        b.append(String.format("    %-8s %s%n", a[0], a[1]));
      }
    }
    log.info(b.toString());
  }
}
