package cn.wenxin.bench.node;

import cn.wenxin.bench.load.Load;
import cn.wenxin.bench.load.Op;
import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.consult.directory.AvailabilityStore;
import cn.wenxin.consult.directory.BusyTimes;
import cn.wenxin.consult.directory.ExpertStore;
import cn.wenxin.infra.mongo.Mongo;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the database alone can do, from inside the service's JVM through the same shared client the services use:
 * no gateway, no event bus, no logic. Each kind is the storage work one request of a scenario cannot do without.
 */
final class Ceilings {

  private static final String BENCH_BOOKINGS = "bench_bookings";
  private static final String BENCH_CLAIMS = "bench_claims";

  private final Vertx vertx;
  private final MongoClient mongo;
  private final AtomicInteger next = new AtomicInteger();
  private final ExpertStore experts;
  private final AvailabilityStore rules;
  private final BusyTimes busy;

  Ceilings(Vertx vertx, MongoClient mongo, ZoneId zone) {
    this.vertx = vertx;
    this.mongo = mongo;
    this.experts = new ExpertStore(mongo);
    this.rules = new AvailabilityStore(mongo, zone);
    this.busy = new BusyTimes(mongo);
  }

  Future<JsonObject> run(JsonObject a) {
    Op op = switch (a.getString("kind")) {
      case "insertBooking" -> () -> mongo.insert(BENCH_BOOKINGS, bookingSized()).map(id -> true);
      case "slotReads" -> this::slotReads;
      case "findExperts" -> () -> mongo.find(ConsultCollections.EXPERTS, new JsonObject().put("active", true))
          .map(list -> !list.isEmpty());
      case "sameId" -> sameId(a.getInteger("clients"), a.getInteger("rounds"));
      default -> throw new IllegalArgumentException("no ceiling " + a.getString("kind"));
    };
    Duration length = Duration.ofMillis((long) (a.getDouble("seconds") * 1000));
    JsonObject before = Control.stats(false);
    var run = "open".equals(a.getString("mode"))
        ? Load.open(vertx, a.getDouble("rate"), length, a.getInteger("maxOutstanding", 256), op)
        : Load.closed(vertx, a.getInteger("concurrency"), length, op);
    return run.map(m -> {
      JsonObject after = Control.stats(false);
      return m.toJson().put("cpuSeconds", (after.getLong("cpuNanos") - before.getLong("cpuNanos")) / 1e9)
          .put("gcPauseMaxMs", after.getLong("gcPauseMaxMs")).put("gcPauses", after.getLong("gcPauses"))
          .put("loopLagMaxMs", after.getLong("loopLagMaxMs"));
    });
  }

  /** A document the size and shape of a booking (about 500 bytes of BSON). */
  private static JsonObject bookingSized() {
    String now = Instant.now().toString();
    String start = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS).toString();
    return new JsonObject().put("_id", UUID.randomUUID().toString()).put("status", "confirmed")
        .put("expertId", "exp-042").put("expertName", "王静怡").put("studentId", "stu-117").put("studentName", "李梓涵")
        .put("bookedBy", "stu-117").put("bookedByRole", "student").put("start", start).put("end", start)
        .put("mode", "chat").put("topic", "academic_stress").putNull("note")
        .put("guardianConsentRequired", false).put("late", false).put("sequence", 0)
        .put("dayClaim", "D|exp-042|2026-12-03|1").put("capClaim", "C|stu-117|1")
        .put("createdAt", now).put("updatedAt", now);
  }

  /**
   * The three reads of a slots request (the expert, their rules, their busy time in the window: 7 days), through
   * the directory's own stores, so the ceiling follows wherever busy time is kept; no event bus, no slot building.
   */
  private Future<Boolean> slotReads() {
    String id = String.format("exp-%03d", 1 + Math.floorMod(next.getAndIncrement(), 100));
    Instant from = Instant.now();
    Instant to = from.plus(7, ChronoUnit.DAYS);
    return experts.find(id)
        .compose(e -> rules.get(id))
        .compose(r -> busy.of(id, from, to))
        .map(b -> true);
  }

  /** One round: {@code clients} inserts of one new _id at once; right when exactly one of them succeeds. */
  private Op sameId(int clients, int rounds) {
    AtomicInteger left = new AtomicInteger(rounds);
    return () -> {
      if (left.getAndDecrement() <= 0) {
        return Future.failedFuture(new Op.Exhausted());
      }
      String id = "slot-" + UUID.randomUUID();
      List<Future<Boolean>> all = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        all.add(mongo.insert(BENCH_CLAIMS, new JsonObject().put("_id", id).put("owner", "c" + i)).map(x -> true)
            .recover(err -> Mongo.isDuplicateKey(err) ? Future.succeededFuture(false) : Future.failedFuture(err)));
      }
      return Future.all(all).map(cf -> all.stream().filter(Future::result).count() == 1);
    };
  }
}
