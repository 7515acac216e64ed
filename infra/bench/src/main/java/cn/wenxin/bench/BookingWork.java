package cn.wenxin.bench;

import cn.wenxin.bench.load.Op;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bookings that must all succeed: each on its own free slot, by a student with room under the upcoming cap (2) and
 * no other booking at that time. Any answer but 201 is a wrong answer.
 */
final class BookingWork {

  static final int UPCOMING_CAP = 2;
  static final Duration SESSION = Duration.ofMinutes(50);

  private record Booking(Population.Student student, Population.Slot slot) {
  }

  private final List<Booking> plan = new ArrayList<>();
  private final AtomicInteger next = new AtomicInteger();
  final AtomicInteger rejected = new AtomicInteger();
  volatile String firstRejection;

  BookingWork(List<Population.Student> students, List<Population.Slot> slots) {
    Map<String, List<Instant>> taken = new HashMap<>();
    int s = 0;
    for (Population.Slot slot : slots) {
      for (int tries = 0; tries < students.size(); tries++) {
        Population.Student st = students.get(s++ % students.size());
        List<Instant> mine = taken.computeIfAbsent(st.id(), k -> new ArrayList<>());
        boolean clash = mine.stream().anyMatch(t -> t.isBefore(slot.start().plus(SESSION))
            && slot.start().isBefore(t.plus(SESSION)));
        if (mine.size() < UPCOMING_CAP && !clash) {
          mine.add(slot.start());
          plan.add(new Booking(st, slot));
          break;
        }
      }
    }
  }

  int capacity() {
    return plan.size();
  }

  int used() {
    return Math.min(next.get(), plan.size());
  }

  Op op(Http http) {
    return () -> {
      int i = next.getAndIncrement();
      if (i >= plan.size()) {
        return Future.failedFuture(new Op.Exhausted());
      }
      Booking b = plan.get(i);
      JsonObject body = new JsonObject().put("expertId", b.slot().expertId()).put("start", b.slot().start().toString())
          .put("mode", b.slot().mode()).put("topic", "academic_stress");
      return http.send(HttpMethod.POST, "/api/v1/bookings", b.student().token(), body.toBuffer(),
          UUID.randomUUID().toString()).map(a -> {
            if (a.status() != 201) {
              rejected.incrementAndGet();
              if (firstRejection == null) {
                firstRejection = a.status() + " " + a.body();
              }
            }
            return a.status() == 201;
          });
    };
  }
}
