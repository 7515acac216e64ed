package cn.wenxin.consult.booking;

import cn.wenxin.consult.consent.Guardianship;
import cn.wenxin.consult.directory.AvailabilityStore;
import cn.wenxin.consult.directory.BusyTimes;
import cn.wenxin.consult.directory.ExpertStore;
import cn.wenxin.infra.bus.ServiceClient;
import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.mongo.Mongo;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

/** What the booking classes share, built once per verticle by plain constructors. */
record BookingDeps(WenxinConfig config, BookingStore bookings, TimeHolds holds, IdempotencyStore idempotency,
                   ReminderJobs jobs, Notices notices, Guardianship people, ExpertStore experts,
                   AvailabilityStore availability, BusyTimes busy, ServiceClient bus) {

  int upcomingCap() {
    return config.booking().upcomingCap();
  }

  static BookingDeps create(Vertx vertx, JsonObject raw) {
    WenxinConfig config = WenxinConfig.from(raw);
    MongoClient mongo = Mongo.client(vertx, config);
    return create(vertx, config, mongo, new BookingStore(mongo), new TimeHolds(mongo));
  }

  /** With the two stores the invariant rests on given: tests pass doubles that fail between any two steps. */
  static BookingDeps create(Vertx vertx, WenxinConfig config, MongoClient mongo, BookingStore bookings,
                            TimeHolds holds) {
    Guardianship people = new Guardianship(mongo);
    ServiceClient bus = new ServiceClient(vertx);
    return new BookingDeps(config, bookings, holds, new IdempotencyStore(mongo, config.booking().holdPending()),
        new ReminderJobs(mongo, bus, Mailer.create(vertx, config, people)),
        new Notices(config.service().defaultZone()), people, new ExpertStore(mongo),
        new AvailabilityStore(mongo, config.service().defaultZone()), new BusyTimes(mongo), bus);
  }
}
