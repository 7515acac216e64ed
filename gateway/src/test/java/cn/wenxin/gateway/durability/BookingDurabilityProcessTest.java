package cn.wenxin.gateway.durability;

import cn.wenxin.infra.testing.TestConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service as a process, on the embedded defaults: bookings made over HTTP, the process killed with SIGKILL
 * 0-200 ms after a 201 while others are in flight, restarted on the same data; then a burst cut by SIGTERM.
 * Every acknowledged booking must be there, no time may stay blocked without a booking, and SIGTERM must answer
 * every request it accepted (a refused connection is fine; a reset one is not).
 */
class BookingDurabilityProcessTest {

  static final int STUDENTS = 15;
  static final int EXPERTS = 10;
  static final int THREADS = 6;

  record Attempt(String student, String token, String expertId, String start, JsonObject body) {
  }

  /** What became of each attempt: a booking id, a refusal status, or "lost" (no answer). */
  private final Map<Attempt, String> outcome = new ConcurrentHashMap<>();

  @Test
  @DisplayName("kill -9 just after a 201 and SIGTERM during a burst lose no acknowledged booking and block no time")
  void killAndTerminate() throws Exception {
    JsonObject env = TestConfig.fresh().put("WENXIN_DEMO", "true").put("WENXIN_MONGO_COMMIT_EACH_WRITE", "true")
        .put("WENXIN_REMINDER_POLL_SECONDS", "1").put("WENXIN_BOOKING_HOLD_PENDING_SECONDS", "2");
    List<ServiceProcess> started = new ArrayList<>();
    try {
      run(env, started);
    } finally {
      for (ServiceProcess p : started) {
        if (p.process() != null && p.process().isAlive()) {
          p.kill();
        }
      }
    }
  }

  private void run(JsonObject env, List<ServiceProcess> started) throws Exception {
    ServiceProcess first = new ServiceProcess(env);
    started.add(first);
    first.start();
    List<Attempt> killed = attempts(first, 1, 0);
    burst(first, killed, 8, () -> {
      Thread.sleep(ThreadLocalRandom.current().nextInt(201));
      first.kill();
    });

    ServiceProcess second = new ServiceProcess(env);
    started.add(second);
    second.start();
    second.viewer = first.viewer;
    assertAcknowledgedExist(second, killed);
    assertNothingBlocked(second, killed);

    List<Attempt> terminated = attempts(second, STUDENTS + 1, 0);
    AtomicInteger cut = new AtomicInteger();
    burst(second, terminated, 8, () -> second.assertTerminates(Duration.ofSeconds(30)), cut);
    assertThat(cut.get()).as("requests cut by SIGTERM (reset, not refused)").isZero();
    assertThat(Files.readString(second.log)).contains("data flushed");

    ServiceProcess third = new ServiceProcess(env);
    started.add(third);
    third.start();
    third.viewer = first.viewer;
    assertAcknowledgedExist(third, terminated);
    assertNothingBlocked(third, terminated);
    third.assertTerminates(Duration.ofSeconds(30));
  }

  /** Two attempts per student, each on a free slot of its own among ten experts, from the directory. */
  private List<Attempt> attempts(ServiceProcess p, int firstStudent, int slotOffset) throws Exception {
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < STUDENTS; i++) {
      tokens.add(p.signIn(String.format("student%03d", firstStudent + i)));
    }
    List<JsonObject> experts = new ArrayList<>();
    List<JsonArray> free = new ArrayList<>();
    for (int e = 1; e <= EXPERTS; e++) {
      String id = String.format("exp-%03d", e);
      experts.add(new JsonObject(p.get("/api/v1/experts/" + id, tokens.get(0)).body()));
      free.add(p.freeSlots(id));
    }
    List<Attempt> list = new ArrayList<>();
    for (int j = 0; j < 2 * STUDENTS; j++) {
      JsonObject expert = experts.get(j % EXPERTS);
      JsonArray slots = free.get(j % EXPERTS);
      String start = slots.getString(slotOffset + j / EXPERTS);
      String expertId = expert.getString("id");
      list.add(new Attempt(String.format("student%03d", firstStudent + j / 2), tokens.get(j / 2), expertId, start,
          new JsonObject().put("expertId", expertId).put("start", start)
              .put("mode", expert.getJsonArray("modes").getString(0))
              .put("topic", expert.getJsonArray("specialties").getString(0))));
    }
    return list;
  }

  interface Stop {
    void run() throws Exception;
  }

  private void burst(ServiceProcess p, List<Attempt> attempts, int stopAfter, Stop stop) throws Exception {
    burst(p, attempts, stopAfter, stop, new AtomicInteger());
  }

  /** Books everything with a few threads; after the stopAfter-th 201 the process is stopped by {@code stop}. */
  private void burst(ServiceProcess p, List<Attempt> attempts, int stopAfter, Stop stop, AtomicInteger cut)
      throws Exception {
    AtomicInteger created = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
    List<java.util.concurrent.Future<?>> all = new ArrayList<>();
    for (Attempt a : attempts) {
      all.add(pool.submit(() -> {
        try {
          HttpResponse<String> r = p.post("/api/v1/bookings", a.token(), a.body());
          outcome.put(a, r.statusCode() == 201 ? new JsonObject(r.body()).getString("id") : "" + r.statusCode());
          if (r.statusCode() == 201 && created.incrementAndGet() == stopAfter) {
            pool.submit(() -> {
              stop.run();
              return null;
            });
          }
        } catch (Exception e) {
          outcome.put(a, "lost");
          if (!ServiceProcess.refused(e)) {
            cut.incrementAndGet();
          }
        }
        return null;
      }));
    }
    for (java.util.concurrent.Future<?> f : all) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    p.process().waitFor(30, TimeUnit.SECONDS);
    org.slf4j.LoggerFactory.getLogger(getClass()).info("Burst: {}", attempts.stream()
        .map(a -> outcome.get(a).length() > 8 ? "201" : outcome.get(a))
        .collect(java.util.stream.Collectors.groupingBy(x -> x, java.util.stream.Collectors.counting())));
    assertThat(created.get()).as("bookings acknowledged before the stop").isGreaterThanOrEqualTo(stopAfter);
  }

  private void assertAcknowledgedExist(ServiceProcess p, List<Attempt> attempts) throws Exception {
    for (Attempt a : attempts) {
      String id = outcome.get(a);
      if (id != null && id.length() > 8) {
        HttpResponse<String> r = p.get("/api/v1/bookings/" + id, a.token());
        assertThat(r.statusCode()).as("acknowledged booking %s of %s", id, a.student()).isEqualTo(200);
        assertThat(new JsonObject(r.body()).getString("status")).isEqualTo("confirmed");
        assertThat(p.slotAvailable(a.expertId(), a.start())).as("its time is shown taken").isFalse();
      }
    }
  }

  /** Attempts without a booking: their time is shown free (once the sweeper ran) and can be booked. */
  private void assertNothingBlocked(ServiceProcess p, List<Attempt> attempts) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    for (Attempt a : attempts) {
      String id = outcome.get(a);
      if (id != null && id.length() > 8 || heldBy(p, a)) {
        continue;
      }
      while (!p.slotAvailable(a.expertId(), a.start()) && !heldBy(p, a) && System.nanoTime() < deadline) {
        Thread.sleep(250);
      }
      if (!heldBy(p, a)) {
        assertThat(p.slotAvailable(a.expertId(), a.start())).as("%s at %s is free", a.expertId(), a.start()).isTrue();
      }
    }
  }

  /** Whether the student has a booking at that time (one the process made but did not get to acknowledge). */
  private static boolean heldBy(ServiceProcess p, Attempt a) throws Exception {
    JsonArray mine = new JsonObject(p.get("/api/v1/bookings", a.token()).body()).getJsonArray("items");
    return mine.stream().map(o -> (JsonObject) o).anyMatch(b -> b.getString("expertId").equals(a.expertId())
        && b.getString("start").equals(a.start()));
  }
}
