package cn.wenxin.consult.booking;

import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.mongo.Mongo;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

/** The booking object graph, wired by plain constructors; each verticle builds its own. */
record BookingParts(BookingDeps deps, BookingAccess access, Booker booker, BookingChanges changes, Waitlist waitlist,
                    Alternatives alternatives, CalendarFeeds feeds, Housekeeping housekeeping) {

  static BookingParts create(Vertx vertx, JsonObject raw) {
    BookingDeps d = BookingDeps.create(vertx, raw);
    MongoClient mongo = Mongo.client(vertx, WenxinConfig.from(raw));
    BookingAccess access = new BookingAccess(d.bookings(), d.people(), d.config().service().defaultZone());
    Booker booker = new Booker(d, access);
    Alternatives alternatives = new Alternatives(d);
    Waitlist waitlist = new Waitlist(d, access, new WaitlistStore(mongo), booker);
    return new BookingParts(d, access, booker, new BookingChanges(d, access, alternatives, waitlist), waitlist,
        alternatives, new CalendarFeeds(mongo), new Housekeeping(mongo, d.claims()));
  }
}
