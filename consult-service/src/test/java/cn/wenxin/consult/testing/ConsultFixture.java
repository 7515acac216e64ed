package cn.wenxin.consult.testing;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.consult.admin.AdminVerticle;
import cn.wenxin.consult.booking.BookingVerticle;
import cn.wenxin.consult.consent.ConsentVerticle;
import cn.wenxin.consult.directory.DirectoryVerticle;
import cn.wenxin.consult.notification.NotificationVerticle;
import cn.wenxin.infra.bus.ServiceClient;
import cn.wenxin.infra.bus.ServiceRequest;
import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.mongo.EmbeddedMongoVerticle;
import cn.wenxin.infra.mongo.Mongo;
import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.security.Role;
import cn.wenxin.infra.testing.TestConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * A fresh embedded database with the booking verticles on it, a few people and experts, and calls over the real
 * event bus as a given principal (what the gateway would send).
 */
public final class ConsultFixture {

  public final Vertx vertx;
  public final JsonObject config;
  public final MongoClient mongo;
  public final ServiceClient client;

  private ConsultFixture(Vertx vertx, JsonObject config, MongoClient mongo) {
    this.vertx = vertx;
    this.config = config;
    this.mongo = mongo;
    this.client = new ServiceClient(vertx);
  }

  /** Deploys the database and the verticles; the reminder poller is left out (tests drive it). */
  public static Future<ConsultFixture> start(Vertx vertx, JsonObject extraConfig) {
    JsonObject config = TestConfig.fresh().mergeIn(extraConfig);
    DeploymentOptions opts = new DeploymentOptions().setConfig(config);
    return vertx.deployVerticle(new EmbeddedMongoVerticle(), opts).compose(id -> {
      MongoClient mongo = Mongo.client(vertx, WenxinConfig.from(config));
      ConsultFixture f = new ConsultFixture(vertx, config, mongo);
      return ConsultCollections.ensureIndexes(mongo)
          .compose(v -> vertx.deployVerticle(new DirectoryVerticle(), opts))
          .compose(v -> vertx.deployVerticle(new ConsentVerticle(), opts))
          .compose(v -> vertx.deployVerticle(new NotificationVerticle(), opts))
          .compose(v -> vertx.deployVerticle(new BookingVerticle(), opts))
          .compose(v -> vertx.deployVerticle(new AdminVerticle(), opts))
          .compose(v -> f.seed())
          .map(f);
    });
  }

  public static Principal as(String id, Role role) {
    return new Principal(id, role, false, id, "sid-" + id, "jti-" + id, Long.MAX_VALUE / 2);
  }

  public static Principal anonymous() {
    return new Principal("anon-1", Role.STUDENT, true, "蓝色海豚-3817", "sid-anon", "jti-anon", Long.MAX_VALUE / 2);
  }

  public <T> Future<T> call(String address, String action, Principal who, JsonObject params, Object body) {
    return client.ask(address, action, new ServiceRequest(action, who, params, body, new JsonObject()));
  }

  /** A slot start on every expert's grid (they work round the clock in whole hours) about {@code hours} from now. */
  public static Instant hoursAhead(int hours) {
    return Instant.now().truncatedTo(ChronoUnit.HOURS).plus(hours, ChronoUnit.HOURS);
  }

  public static JsonObject roundTheClock(String zone, String start) {
    JsonArray weekly = new JsonArray();
    for (int d = 1; d <= 7; d++) {
      weekly.add(new JsonObject().put("day", d).put("start", start).put("end", "24:00"));
      if (!start.equals("00:00")) {
        weekly.add(new JsonObject().put("day", d).put("start", "00:00").put("end", start));
      }
    }
    return new JsonObject().put("timeZone", zone).put("slotMinutes", 50).put("bufferMinutes", 10)
        .put("minNoticeMinutes", 120).put("horizonDays", 30).put("dailyCap", 24).put("weekly", weekly)
        .put("exceptions", new JsonArray());
  }

  private Future<Void> seed() {
    Future<Void> chain = Future.succeededFuture();
    for (int i = 1; i <= 60; i++) {
      String id = String.format("stu-%03d", i);
      // stu-001 is 10 years old (needs guardian consent), the rest are 16.
      int age = i == 1 ? 10 : 16;
      JsonObject doc = new JsonObject().put("_id", id).put("username", "student" + id.substring(4)).put("role", "student")
          .put("displayName", "学生" + i).put("anonymous", false)
          .put("student", new JsonObject().put("school", "实验中学").put("grade", i == 1 ? 5 : 10)
              .put("birthDate", LocalDate.now().minusYears(age).minusDays(10).toString()).put("gender", "female"))
          .put("guardians", new JsonArray().add("par-001"));
      chain = chain.compose(v -> mongo.insert(ConsultCollections.ACCOUNTS, doc).mapEmpty());
    }
    JsonObject parent = new JsonObject().put("_id", "par-001").put("username", "parent001").put("role", "parent")
        .put("displayName", "家长1").put("children", new JsonArray().add("stu-001").add("stu-002"));
    return chain
        .compose(v -> mongo.insert(ConsultCollections.ACCOUNTS, parent))
        .compose(v -> expert("exp-001", "王晓明", "Asia/Shanghai", "00:00"))
        .compose(v -> expert("exp-002", "李静", "Asia/Shanghai", "00:30"))
        .compose(v -> expert("exp-003", "陈思", "Asia/Shanghai", "00:00"));
  }

  private Future<Void> expert(String id, String name, String zone, String gridStart) {
    JsonObject e = new JsonObject().put("_id", id).put("name", name).put("gender", "female").put("title", "心理咨询师")
        .put("qualifications", new JsonArray().add("国家二级心理咨询师"))
        .put("specialties", new JsonArray().add("academic_stress").add("emotions"))
        .put("gradeBands", new JsonArray().add("senior").add("primary_upper")).put("languages", new JsonArray().add("zh"))
        .put("modes", new JsonArray().add("chat").add("video")).put("bio", "擅长学业压力").put("active", true)
        .put("rating", new JsonObject().put("average", 4.8).put("count", 10));
    return mongo.insert(ConsultCollections.EXPERTS, e)
        .compose(x -> mongo.insert(ConsultCollections.AVAILABILITY, roundTheClock(zone, gridStart).put("_id", id)))
        .mapEmpty();
  }

  /** Waits on the test thread (never an event loop) for a result. */
  public static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The problem a call failed with (the test fails if it succeeded). */
  public static cn.wenxin.infra.error.ProblemException problem(Future<?> f) {
    try {
      Object ok = await(f);
      throw new AssertionError("Expected a problem, got " + ok);
    } catch (cn.wenxin.infra.error.ProblemException p) {
      return p;
    }
  }

  public static JsonObject bookingBody(String expertId, Instant start) {
    return new JsonObject().put("expertId", expertId).put("start", start.toString()).put("mode", "chat")
        .put("topic", "academic_stress");
  }
}
