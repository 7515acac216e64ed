package cn.wenxin.consult.admin;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.consult.directory.Times;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceEndpoint;
import cn.wenxin.infra.bus.ServiceRequest;
import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.mongo.Mongo;
import cn.wenxin.infra.security.Role;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/** Aggregate figures for the education bureau: counts only, never a name, a note or a transcript. */
public class AdminVerticle extends VerticleBase {

  private MongoClient mongo;
  private ZoneId zone;

  @Override
  public Future<?> start() {
    WenxinConfig config = WenxinConfig.from(config());
    mongo = Mongo.client(vertx, config);
    zone = config.service().defaultZone();
    return new ServiceEndpoint(Addresses.ADMIN).on("adminOverview", this::overview).bind(vertx);
  }

  private Future<JsonObject> overview(ServiceRequest r) {
    r.caller(Role.ADMIN);
    Instant now = Instant.now();
    LocalDate today = LocalDate.now(zone);
    String dayStart = Times.iso(today.atStartOfDay(zone).toInstant());
    String dayEnd = Times.iso(today.plusDays(1).atStartOfDay(zone).toInstant());
    JsonObject result = new JsonObject();
    return count(result, "experts", ConsultCollections.EXPERTS, new JsonObject().put("active", true))
        .compose(v -> count(result, "students", ConsultCollections.ACCOUNTS,
            new JsonObject().put("role", "student").put("anonymous", false)))
        .compose(v -> count(result, "parents", ConsultCollections.ACCOUNTS, new JsonObject().put("role", "parent")))
        .compose(v -> count(result, "bookingsUpcoming", ConsultCollections.BOOKINGS, new JsonObject()
            .put("status", "confirmed").put("start", new JsonObject().put("$gte", Times.iso(now)))))
        .compose(v -> count(result, "bookingsToday", ConsultCollections.BOOKINGS, new JsonObject()
            .put("status", new JsonObject().put("$in", new io.vertx.core.json.JsonArray().add("confirmed")
                .add("no_show")))
            .put("start", new JsonObject().put("$gte", dayStart).put("$lt", dayEnd))))
        .compose(v -> count(result, "cancelledLast7Days", ConsultCollections.BOOKINGS, new JsonObject()
            .put("status", "cancelled")
            .put("cancelledAt", new JsonObject().put("$gte", Times.iso(now.minus(Duration.ofDays(7)))))))
        .map(v -> result.put("asOf", Times.iso(now)));
  }

  private Future<Void> count(JsonObject into, String name, String collection, JsonObject filter) {
    return mongo.count(collection, filter).map(n -> {
      into.put(name, n);
      return null;
    });
  }
}
