package cn.wenxin.bench;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quick profile as a smoke test: the harness runs end to end against the real service and its ceilings, and
 * what it measured was right. It asserts correctness only, never speed (timing belongs to the figures).
 */
@DisplayName("Benchmark harness, quick profile")
class QuickBenchTest {

  private static JsonObject run;

  @BeforeAll
  static void runQuickProfile() throws Exception {
    run = Bench.run(Profile.named("quick"), Path.of("target", "bench-quick"));
  }

  private static JsonObject scenario(String name) {
    return run.getJsonArray("scenarios").stream().map(o -> (JsonObject) o)
        .filter(s -> name.equals(s.getString("name"))).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("every rate scenario and its ceiling (chat: every message reached the other person; fan-out: every "
      + "update reached every viewer) produced samples in both phases, all of them right answers")
  void everyScenarioMeasured() {
    for (String name : List.of("me", "slots", "search", "booking", "chat", "fanout")) {
      for (String side : List.of("ours", "ceiling")) {
        for (String phase : List.of("closed", "open")) {
          JsonObject m = scenario(name).getJsonObject(side).getJsonObject(phase);
          assertThat(m.getLong("ok")).as(name + " " + side + " " + phase).isPositive();
          assertThat(m.getLong("wrong") + m.getLong("failed")).as(name + " " + side + " " + phase + ": " + m).isZero();
        }
      }
      assertThat(scenario(name).getDouble("ratio")).as(name).isPositive();
      // The collector's longest pause and the event loops' longest lag in the latency phase are reported next to
      // the tail they may explain.
      assertThat(scenario(name).getJsonObject("ours").getLong("gcPauseMaxMs")).as(name).isNotNull()
          .isGreaterThanOrEqualTo(0L);
      assertThat(scenario(name).getJsonObject("ours").getLong("loopLagMaxMs")).as(name).isNotNull()
          .isGreaterThanOrEqualTo(0L);
    }
  }

  @Test
  @DisplayName("fan-out: every viewer joined the live room on the service and connected to the bare server")
  void fanoutViewersAllJoined() {
    JsonObject s = scenario("fanout");
    for (String side : List.of("ours", "ceiling")) {
      JsonObject setup = s.getJsonObject(side).getJsonObject("setup");
      assertThat(setup.getInteger("failed")).as(side + " " + setup.encode()).isZero();
      assertThat(setup.getInteger("viewers")).isEqualTo(Profile.named("quick").fanoutViewers());
    }
  }

  @Test
  @DisplayName("every booking on a distinct free slot was accepted, and no two confirmed bookings overlap")
  void bookingsRightAndNeverDouble() {
    JsonObject checks = scenario("booking").getJsonObject("checks");
    assertThat(checks.getInteger("rejected")).as(checks.encode()).isZero();
    JsonObject audit = run.getJsonObject("bookingAudit");
    assertThat(audit.getJsonArray("expertOverlaps")).isEmpty();
    assertThat(audit.getJsonArray("studentOverlaps")).isEmpty();
    assertThat(audit.getInteger("confirmed")).isGreaterThanOrEqualTo(checks.getInteger("sent"));
  }

  @Test
  @DisplayName("contention: each round on one slot had exactly one winner and every other student got 409")
  void exactlyOneWinnerPerSlot() {
    JsonObject c = scenario("contention");
    JsonObject checks = c.getJsonObject("checks");
    assertThat(checks.getJsonArray("badRounds")).as(checks.encode()).isEmpty();
    assertThat(checks.getLong("rightRounds")).isEqualTo(checks.getInteger("rounds").longValue());
    assertThat(checks.getLong("ceilingRightRounds")).isEqualTo(checks.getInteger("rounds").longValue());
  }

  @Test
  @DisplayName("every idle socket was opened and welcomed on the service and on the bare server")
  void idleSocketsAllOpen() {
    JsonObject s = scenario("idleSockets");
    for (String side : List.of("ours", "ceiling")) {
      assertThat(s.getJsonObject(side).getInteger("failed")).as(s.encode()).isZero();
      assertThat(s.getJsonObject(side).getInteger("sockets")).isEqualTo(Profile.named("quick").idleSockets());
    }
  }

  @Test
  @DisplayName("cold starts were timed and results.json was written")
  void coldStartAndResultsFile() {
    assertThat(scenario("coldStart").getJsonObject("ours").getDouble("medianMs")).isPositive();
    assertThat(scenario("coldStart").getJsonObject("ceiling").getDouble("medianMs")).isPositive();
    assertThat(Files.exists(Path.of("target", "bench-quick", "results.json"))).isTrue();
  }
}
