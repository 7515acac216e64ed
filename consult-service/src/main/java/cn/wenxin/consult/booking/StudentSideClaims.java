package cn.wenxin.consult.booking;

import cn.wenxin.consult.directory.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * After the expert's minutes: the student's minutes, a place under the expert's daily cap and a place under the
 * student's upcoming cap, each a unique claim owned by the booking. On any failure everything this call claimed is
 * released and the failure says which rule stopped it.
 */
final class StudentSideClaims {

  /** A cap claim with no booking this long after it was made is left over from a crash. */
  static final Duration ORPHAN_AFTER = Duration.ofMinutes(5);

  record Held(String dayClaim, String capClaim) {
  }

  private final BookingDeps d;

  StudentSideClaims(BookingDeps d) {
    this.d = d;
  }

  static String dayPrefix(String expertId, LocalDate day) {
    return "D|" + expertId + "|" + day;
  }

  static String capPrefix(String studentId) {
    return "C|" + studentId;
  }

  Future<Held> claim(String bookingId, String studentId, String expertId, Instant start, Instant end, LocalDate day,
                     int dailyCap) {
    List<String> mine = new ArrayList<>(SlotClaims.studentMinutes(studentId, start, end));
    return d.claims().claimAll(mine, bookingId)
        .recover(err -> Future.failedFuture(err instanceof SlotClaims.Taken ? Verdicts.studentBusy() : err))
        .compose(v -> d.claims().claimCounted(dayPrefix(expertId, day), dailyCap, bookingId))
        .compose(dayClaim -> {
          if (dayClaim == null) {
            return Future.failedFuture(Verdicts.dailyCap());
          }
          mine.add(dayClaim);
          return upcoming(studentId, bookingId).compose(capClaim -> {
            if (capClaim == null) {
              return Future.failedFuture(Verdicts.upcomingCap(d.upcomingCap()));
            }
            return Future.succeededFuture(new Held(dayClaim, capClaim));
          });
        })
        .recover(err -> d.claims().release(mine, bookingId).compose(v -> Future.failedFuture(err)));
  }

  /**
   * A place under the upcoming cap. When every place is held, places whose booking is over or no longer confirmed
   * are given back (each release conditional on its owner) and the claim is tried once more.
   */
  private Future<String> upcoming(String studentId, String bookingId) {
    String prefix = capPrefix(studentId);
    return d.claims().claimCounted(prefix, d.upcomingCap(), bookingId).compose(id -> id != null
        ? Future.succeededFuture(id)
        : reclaimStale(prefix).compose(freed -> freed
            ? d.claims().claimCounted(prefix, d.upcomingCap(), bookingId)
            : Future.succeededFuture(null)));
  }

  private Future<Boolean> reclaimStale(String prefix) {
    return d.claims().counted(prefix, d.upcomingCap()).compose(claims -> {
      List<String> owners = claims.stream().map(c -> c.getString("owner")).toList();
      return d.bookings().findIds(owners).compose(bookings -> {
        String now = Times.iso(Instant.now());
        String orphanBefore = Times.iso(Instant.now().minus(ORPHAN_AFTER));
        Future<Boolean> chain = Future.succeededFuture(false);
        for (JsonObject c : claims) {
          JsonObject b = bookings.stream().filter(x -> x.getString("_id").equals(c.getString("owner"))).findFirst()
              .orElse(null);
          // No booking yet may be one being created right now: only an old claim without one is an orphan.
          boolean stale = b == null ? c.getString("at", "").compareTo(orphanBefore) < 0
              : !BookingStore.CONFIRMED.equals(b.getString("status")) || b.getString("end").compareTo(now) <= 0;
          if (stale) {
            chain = chain.compose(any -> d.claims().release(List.of(c.getString("_id")), c.getString("owner"))
                .map(true));
          }
        }
        return chain;
      });
    });
  }
}
