package cn.wenxin.consult.booking;

import cn.wenxin.infra.mongo.Mongo;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.time.Instant;

/** The booking object graph, wired by plain constructors; each verticle builds its own. */
record BookingParts(BookingDeps deps, BookingAccess access, Booker booker, BookingChanges changes, Waitlist waitlist,
                    Alternatives alternatives, CalendarFeeds feeds, Housekeeping housekeeping, Outbox outbox,
                    HoldSweeper sweeper) {

  static BookingParts create(Vertx vertx, JsonObject raw) {
    return create(BookingDeps.create(vertx, raw), Mongo.client(vertx, cn.wenxin.infra.config.WenxinConfig.from(raw)));
  }

  static BookingParts create(BookingDeps d, MongoClient mongo) {
    BookingAccess access = new BookingAccess(d.bookings(), d.people(), d.config().service().defaultZone());
    Outbox outbox = new Outbox(d.bookings());
    Placement placement = new Placement(d);
    Booker booker = new Booker(d, access, placement, outbox);
    Alternatives alternatives = new Alternatives(d);
    Waitlist waitlist = new Waitlist(d, access, new WaitlistStore(mongo), booker, placement, outbox);
    BookingChanges changes = new BookingChanges(d, access, placement, outbox);
    outbox.on("release", (b, t) -> d.holds().release(TimeHolds.Hold.of(t.getJsonArray("holds"))))
        .on("reminders", (b, t) -> d.jobs().sync(b.getString("_id")))
        .on("notices", (b, t) -> d.jobs().sendOnce(b.getString("_id") + "|" + t.getString("id"),
            t.getJsonArray("notices")))
        .on("alternatives", (b, t) -> changes.tellExpertCancel(b, t, alternatives))
        .on("offer", (b, t) -> waitlist.slotFreed(t.getString("expertId"), Instant.parse(t.getString("start"))))
        .on("offerMade", (b, t) -> waitlist.offerMade(b))
        .on("session", (b, t) -> StudentShown.tellSessions(d.bus(), b.getString("_id")))
        .on("waitlistEntry", (b, t) -> waitlist.store().transition(t.getString("entryId"), t.getJsonArray("from"),
            new JsonObject().put("status", t.getString("status"))).mapEmpty());
    return new BookingParts(d, access, booker, changes, waitlist, alternatives, new CalendarFeeds(mongo),
        new Housekeeping(mongo, d.holds()), outbox, new HoldSweeper(d));
  }
}
