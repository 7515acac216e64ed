package cn.wenxin.consult;

import cn.wenxin.consult.account.AccountVerticle;
import cn.wenxin.consult.admin.AdminVerticle;
import cn.wenxin.consult.booking.BookingVerticle;
import cn.wenxin.consult.booking.ReminderVerticle;
import cn.wenxin.consult.consent.ConsentVerticle;
import cn.wenxin.consult.consent.SessionConsentVerticle;
import cn.wenxin.consult.demo.DemoSeedVerticle;
import cn.wenxin.consult.directory.DirectoryVerticle;
import cn.wenxin.consult.notification.NotificationVerticle;
import cn.wenxin.consult.session.SessionVerticle;
import cn.wenxin.consult.risk.RiskScreen;
import cn.wenxin.consult.risk.RiskVerticle;
import cn.wenxin.consult.transcript.TranscriptVerticle;
import cn.wenxin.infra.config.WenxinConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The consultation service: its verticles, deployed in order. The seed runs first so that everything after it
 * starts on a database that has its indexes and, in demo mode, its demo people.
 */
public final class ConsultService {

  private ConsultService() {
  }

  public static List<Supplier<io.vertx.core.Deployable>> verticles() {
    return List.of(
        DemoSeedVerticle::new,
        AccountVerticle::new,
        DirectoryVerticle::new,
        ConsentVerticle::new,
        SessionConsentVerticle::new,
        TranscriptVerticle::new,
        RiskVerticle::new,
        NotificationVerticle::new,
        BookingVerticle::new,
        ReminderVerticle::new,
        () -> new SessionVerticle(RiskScreen.inProcess()),
        AdminVerticle::new,
        cn.wenxin.consult.hotline.HotlineVerticle::new);
  }

  /**
   * Verticles that keep nothing between requests and run no timers, so several instances may share their address:
   * deployed as many times as the gateway (one per core), so CPU-heavy answers like search use every core.
   */
  static final Set<Class<?>> PER_CORE = Set.of(DirectoryVerticle.class);

  /**
   * Deploys the seed (indexes, demo people) first, then every other verticle at once: none asks another anything
   * while it starts, and deploying them one after another made a cold start twice as long. Fails if any fails.
   */
  public static Future<Void> deploy(Vertx vertx, JsonObject config) {
    int perCore = WenxinConfig.from(config).http().gatewayInstances();
    List<Supplier<io.vertx.core.Deployable>> all = verticles();
    return deploy(vertx, config, all.get(0), perCore).compose(seeded -> {
      List<Future<Void>> rest = new ArrayList<>();
      all.subList(1, all.size()).forEach(v -> rest.add(deploy(vertx, config, v, perCore)));
      return Future.all(rest).mapEmpty();
    });
  }

  private static Future<Void> deploy(Vertx vertx, JsonObject config, Supplier<io.vertx.core.Deployable> verticle,
                                     int perCore) {
    io.vertx.core.Deployable first = verticle.get();
    int instances = PER_CORE.contains(first.getClass()) ? perCore : 1;
    DeploymentOptions options = new DeploymentOptions().setConfig(config).setInstances(instances);
    return (instances == 1 ? vertx.deployVerticle(first, options) : vertx.deployVerticle(verticle, options))
        .mapEmpty();
  }
}
