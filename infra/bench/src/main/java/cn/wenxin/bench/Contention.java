package cn.wenxin.bench;

import cn.wenxin.bench.load.Op;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * K students press Book on the same free slot at the same moment, round after round, each round on a fresh slot.
 * A round is right only when exactly one gets 201 and every other gets 409. Each student races at most twice, so
 * the upcoming cap can never be the reason one of them loses.
 */
final class Contention {

  private final List<Population.Student> students;
  private final List<Population.Slot> slots;
  private final int contenders;
  private final int rounds;
  private final AtomicInteger round = new AtomicInteger();
  final List<String> badRounds = new ArrayList<>();

  Contention(List<Population.Student> students, List<Population.Slot> slots, int contenders, int rounds) {
    if (slots.size() < rounds || students.size() * BookingWork.UPCOMING_CAP < contenders * rounds) {
      throw new IllegalArgumentException("not enough slots or students for " + rounds + " contention rounds");
    }
    this.students = students;
    this.slots = slots;
    this.contenders = contenders;
    this.rounds = rounds;
  }

  /** How many students the rounds use (from the front of the list). */
  static int studentsNeeded(int contenders, int rounds) {
    return (contenders * rounds + BookingWork.UPCOMING_CAP - 1) / BookingWork.UPCOMING_CAP;
  }

  Op op(Http http) {
    return () -> {
      int r = round.getAndIncrement();
      if (r >= rounds) {
        return Future.failedFuture(new Op.Exhausted());
      }
      // Each round takes the next slot of one expert: they never overlap one another in time.
      Population.Slot slot = slots.get(r);
      JsonObject body = new JsonObject().put("expertId", slot.expertId()).put("start", slot.start().toString())
          .put("mode", slot.mode()).put("topic", "emotions");
      List<Future<Http.Answer>> all = new ArrayList<>();
      for (int k = 0; k < contenders; k++) {
        Population.Student s = students.get((r * contenders + k) % students.size());
        all.add(http.send(HttpMethod.POST, "/api/v1/bookings", s.token(), body.toBuffer(), UUID.randomUUID().toString()));
      }
      return Future.all(all).map(v -> {
        long won = all.stream().filter(f -> f.result().status() == 201).count();
        long lost = all.stream().filter(f -> f.result().status() == 409).count();
        boolean right = won == 1 && lost == contenders - 1;
        if (!right) {
          synchronized (badRounds) {
            badRounds.add(slot + ": " + all.stream().map(f -> f.result().status()).toList());
          }
        }
        return right;
      });
    };
  }
}
