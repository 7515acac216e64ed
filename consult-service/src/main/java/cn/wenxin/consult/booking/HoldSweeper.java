package cn.wenxin.consult.booking;

import cn.wenxin.consult.booking.TimeHolds.Hold;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * Finds holds that no booking came to own and frees them. An entry stays pending until its expiry; after that it
 * is settled if its booking lists it, and otherwise released, but only once the attempt that took it can no longer
 * finish: a booking that was never written has its id voided, one being changed has its version moved on. So a
 * slow attempt fails instead of writing a booking whose time was given away.
 */
final class HoldSweeper {

  static final int BATCH = 200;

  private final BookingDeps d;

  HoldSweeper(BookingDeps d) {
    this.d = d;
  }

  /** One round; answers how many entries were released. */
  Future<Integer> sweep(Instant now) {
    return d.holds().withLapsedPending(now, BATCH).compose(docs -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (JsonObject doc : docs) {
        for (Object o : doc.getJsonArray("iv")) {
          JsonObject e = (JsonObject) o;
          if (e.getBoolean("p", false) && e.getLong("x", Long.MAX_VALUE) < now.toEpochMilli()) {
            chain = chain.compose(n -> decide(doc.getString("_id"), e).map(freed -> freed ? n + 1 : n));
          }
        }
      }
      return chain;
    });
  }

  private Future<Boolean> decide(String holdId, JsonObject e) {
    Hold h = new Hold(holdId, e.getString("t"));
    String bookingId = e.getString("b");
    int version = e.getInteger("v", -1);
    return d.bookings().find(bookingId).compose(b -> {
      if (b == null) {
        return d.bookings().voidId(bookingId).compose(voided -> voided ? release(h) : decide(holdId, e));
      }
      if (Ownership.owns(b, holdId, h.token())) {
        return d.holds().settle(h).map(false);
      }
      if (version >= 0 && b.getInteger("version", 0) == version) {
        return d.bookings().fence(bookingId, version).compose(x -> decide(holdId, e));
      }
      return release(h);
    });
  }

  private Future<Boolean> release(Hold h) {
    return d.holds().release(java.util.List.of(h)).map(true);
  }
}
