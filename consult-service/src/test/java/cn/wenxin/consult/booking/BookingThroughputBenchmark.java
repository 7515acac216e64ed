package cn.wenxin.consult.booking;

import cn.wenxin.consult.testing.ConsultFixture;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.mongo.EmbeddedMongoVerticle;
import cn.wenxin.infra.security.Role;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static cn.wenxin.consult.testing.ConsultFixture.as;
import static cn.wenxin.consult.testing.ConsultFixture.await;
import static cn.wenxin.consult.testing.ConsultFixture.bookingBody;

/**
 * Not part of the suite (no timing in unit tests): run with {@code -Dtest=BookingThroughputBenchmark}. Books the
 * same load on the embedded store with and without a commit per write, in one run, and logs bookings per second.
 */
class BookingThroughputBenchmark {

  static final int ROUNDS = 3;
  static final int BOOKINGS = 120;
  static final int SEQUENTIAL_WRITES = 300;   // 40 students x 3 experts, at most two each (the upcoming cap)

  @Test
  @DisplayName("bookings per second with and without the durable commit")
  void measure() {
    for (int round = 0; round < ROUNDS; round++) {
      for (boolean commit : new boolean[] {false, true}) {
        Vertx vertx = Vertx.vertx();
        ConsultFixture f = await(ConsultFixture.start(vertx, new JsonObject()
            .put("WENXIN_MONGO_COMMIT_EACH_WRITE", String.valueOf(commit))));
        long docs = EmbeddedMongoVerticle.documentsWritten();
        long t0 = System.nanoTime();
        List<Future<JsonObject>> all = new ArrayList<>();
        for (int i = 0; i < BOOKINGS; i++) {
          String student = String.format("stu-%03d", 10 + i / 3);
          String expert = "exp-00" + (i % 3 == 1 ? 3 : 1);
          Instant start = ConsultFixture.hoursAhead(5 + (i % 3 == 2 ? 1 : 0) + 2 * (i / 3));
          all.add(f.call(Addresses.BOOKINGS, "createBooking", as(student, Role.STUDENT), new JsonObject(),
              bookingBody(expert, start)));
        }
        await(Future.join(all).otherwiseEmpty());
        double secs = (System.nanoTime() - t0) / 1e9;
        long ok = all.stream().filter(Future::succeeded).count();
        LoggerFactory.getLogger(getClass()).info("commitEachWrite={} round {}: {} bookings in {} s = {} bookings/s, "
                + "{} documents written", commit, round, ok, String.format("%.2f", secs),
            String.format("%.1f", ok / secs), EmbeddedMongoVerticle.documentsWritten() - docs);
        long t1 = System.nanoTime();
        for (int i = 0; i < SEQUENTIAL_WRITES; i++) {
          await(f.mongo.insert("bench", new JsonObject().put("i", i)));
        }
        double seq = (System.nanoTime() - t1) / 1e9;
        LoggerFactory.getLogger(getClass()).info("commitEachWrite={} round {}: {} sequential inserts at {} ms each",
            commit, round, SEQUENTIAL_WRITES, String.format("%.2f", seq * 1000 / SEQUENTIAL_WRITES));
        await(vertx.close());
      }
    }
  }
}
