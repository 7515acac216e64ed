package cn.wenxin.bench;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** The students with their tokens, and every free slot of every demo expert, as the directory shows them. */
final class Population {

  record Student(String id, String token, boolean minor) {
  }

  record Slot(String expertId, Instant start, String mode) {
  }

  static final int EXPERTS = 100;
  /**
   * Expert 1 serves the contention rounds (one expert's slots never overlap one another, so a student who wins two
   * rounds is never busy at the second); the others serve the booking scenario, so the two never meet.
   */
  static final int CONTENTION_EXPERTS = 1;

  final List<Student> students = new ArrayList<>();
  final List<Slot> contentionSlots = new ArrayList<>();
  final List<Slot> bookingSlots = new ArrayList<>();

  static Population load(Node service, Http http, int extraStudents) throws Exception {
    Population p = new Population();
    JsonArray list = service.call("prepare", new JsonObject().put("extraStudents", extraStudents))
        .getJsonArray("students");
    list.forEach(o -> p.students.add(new Student(((JsonObject) o).getString("id"), ((JsonObject) o).getString("token"),
        ((JsonObject) o).getBoolean("minor", false))));
    // Slots starting soon may pass their notice period during the run: leave out the next six hours.
    Instant from = Instant.now().plus(6, ChronoUnit.HOURS);
    Instant to = Instant.now().plus(29, ChronoUnit.DAYS);
    Http.Answer directory = Bench.await(http.get("/api/v1/experts?size=100", p.students.get(0).token()));
    java.util.Map<String, String> modes = new java.util.HashMap<>();
    for (Object o : directory.body().toJsonObject().getJsonArray("items")) {
      JsonObject e = (JsonObject) o;
      modes.put(e.getString("id"), e.getJsonArray("modes").contains("chat") ? "chat" : "video");
    }
    List<Future<Http.Answer>> asks = new ArrayList<>();
    for (int e = 1; e <= EXPERTS; e++) {
      asks.add(http.get("/api/v1/experts/" + expert(e) + "/slots?from=" + from + "&to=" + to,
          p.students.get(0).token()));
    }
    Bench.await(Future.all(asks));
    for (int e = 1; e <= EXPERTS; e++) {
      Http.Answer a = asks.get(e - 1).result();
      if (a.status() != 200) {
        throw new IllegalStateException("slots of " + expert(e) + " answered " + a.status() + ": " + a.body());
      }
      List<Slot> into = e <= CONTENTION_EXPERTS ? p.contentionSlots : p.bookingSlots;
      for (Object o : a.body().toJsonObject().getJsonArray("items")) {
        JsonObject s = (JsonObject) o;
        if (s.getBoolean("available")) {
          into.add(new Slot(expert(e), Instant.parse(s.getString("start")), modes.get(expert(e))));
        }
      }
    }
    Collections.shuffle(p.bookingSlots, new Random(13));
    return p;
  }

  /** New tokens for the same students (access tokens last 15 minutes; a full run can take longer). */
  void refreshTokens(Node service) throws Exception {
    java.util.Map<String, String> fresh = new java.util.HashMap<>();
    for (Object o : service.call("prepare", new JsonObject().put("extraStudents", 0)).getJsonArray("students")) {
      fresh.put(((JsonObject) o).getString("id"), ((JsonObject) o).getString("token"));
    }
    students.replaceAll(s -> new Student(s.id(), fresh.getOrDefault(s.id(), s.token()), s.minor()));
  }

  static String expert(int n) {
    return String.format("exp-%03d", n);
  }
}
