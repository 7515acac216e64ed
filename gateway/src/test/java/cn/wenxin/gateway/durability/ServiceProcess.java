package cn.wenxin.gateway.durability;

import cn.wenxin.gateway.Wenxin;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** {@code Wenxin.main} in its own JVM on a data directory, with plain HTTP helpers, as a person would run it. */
final class ServiceProcess {

  final JsonObject env;
  final Path log;
  final String base;
  private final HttpClient http = HttpClient.newHttpClient();
  private Process process;
  /** Any signed-in person's token, for the directory (which is for signed-in people). */
  String viewer;

  ServiceProcess(JsonObject env) throws IOException {
    this.env = env;
    this.log = Files.createTempFile("wenxin-durability", ".log");
    this.base = "http://127.0.0.1:" + env.getString("WENXIN_HTTP_PORT");
  }

  Process process() {
    return process;
  }

  /** Starts the process without waiting for it. */
  ServiceProcess launch() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Wenxin.class.getName())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    env.forEach(e -> pb.environment().put(e.getKey(), e.getValue().toString()));
    process = pb.start();
    return this;
  }

  /** {@link #launch()} then {@link #awaitReady()}. */
  ServiceProcess start() throws Exception {
    return launch().awaitReady();
  }

  /** Waits until /ready answers 200. */
  ServiceProcess awaitReady() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("process died; log:\n" + Files.readString(log));
      }
      try {
        if (get("/ready", null).statusCode() == 200) {
          return this;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError("not ready in 120 s; log:\n" + Files.readString(log));
  }

  HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A POST on a connection of its own, so that a connection closed by the server is never reused by accident. */
  HttpResponse<String> post(String path, String token, JsonObject body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode()));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpClient once = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    return once.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  String signIn(String username) throws Exception {
    HttpResponse<String> r = post("/api/v1/auth/login", null,
        new JsonObject().put("username", username).put("password", "wenxin-demo-2026"));
    if (r.statusCode() != 200) {
      throw new AssertionError("sign-in of " + username + ": " + r.statusCode() + " " + r.body());
    }
    String token = new JsonObject(r.body()).getString("accessToken");
    if (viewer == null) {
      viewer = token;
    }
    return token;
  }

  /** Bookable starts of an expert in the next week, as the directory shows them. */
  JsonArray freeSlots(String expertId) throws Exception {
    HttpResponse<String> r = get("/api/v1/experts/" + expertId + "/slots", viewer);
    JsonArray out = new JsonArray();
    items(r.body()).forEach(o -> {
      if (((JsonObject) o).getBoolean("available")) {
        out.add(((JsonObject) o).getString("start"));
      }
    });
    return out;
  }

  boolean slotAvailable(String expertId, String start) throws Exception {
    String to = java.time.Instant.parse(start).plusSeconds(60).toString();
    HttpResponse<String> r = get("/api/v1/experts/" + expertId + "/slots?from=" + start + "&to=" + to, viewer);
    JsonArray slots = items(r.body());
    return slots.stream().map(o -> (JsonObject) o).anyMatch(s -> s.getString("start").equals(start)
        && s.getBoolean("available"));
  }

  /** A list answer: {items: [...]} (or a bare array). */
  static JsonArray items(String body) {
    return body.trim().startsWith("[") ? new JsonArray(body) : new JsonObject(body).getJsonArray("items");
  }

  /** True when an exception means the request never reached the server (refused), not a cut connection. */
  static boolean refused(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return true;
      }
    }
    return false;
  }

  void kill() throws Exception {
    process.destroyForcibly().waitFor();
  }

  boolean terminate(Duration within) throws Exception {
    process.destroy();
    return process.waitFor(within.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
  }

  /** SIGTERM, and the process must be gone within the limit; if not, the failure carries its threads and log. */
  void assertTerminates(Duration within) throws Exception {
    if (terminate(within)) {
      return;
    }
    String threads;
    try {
      Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
          Long.toString(process.pid()), "Thread.print").redirectErrorStream(true).start();
      threads = new String(jcmd.getInputStream().readAllBytes());
      jcmd.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (IOException e) {
      threads = "(no thread dump: " + e + ")";
    }
    throw new AssertionError("still running " + within.toSeconds() + " s after SIGTERM\n--- log\n"
        + Files.readString(log) + "\n--- threads\n" + threads);
  }
}
