package cn.wenxin.bench;

import cn.wenxin.bench.node.Control;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A node process of the benchmark (the service or a bare ceiling), started with this JVM's java and classpath so
 * both run in the same JVM setup. Its log goes to a file under the build output; commands go over its stdin.
 */
final class Node implements AutoCloseable {

  private static final Duration READY_WITHIN = Duration.ofMinutes(3);

  final String name;
  final int port;
  private long readyMillis;
  private final Process process;
  private final PrintWriter commands;
  private final BlockingQueue<JsonObject> answers = new LinkedBlockingQueue<>();
  private int nextId;

  private Node(String name, int port, Process process) {
    this.name = name;
    this.port = port;
    this.process = process;
    this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
  }

  /** Starts {@code main} and returns once {@code /ready} answers 200; readyMillis counts from the process start. */
  static Node start(String name, Class<?> main, Map<String, String> env, int port, Path logFile) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    // e.g. -XX:StartFlightRecording=... to profile a node; the same options go to every node.
    String opts = System.getenv().getOrDefault("WENXIN_BENCH_NODE_OPTS", "").trim();
    if (!opts.isEmpty()) {
      command.addAll(List.of(opts.split("\\s+")));
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    pb.environment().putAll(env);
    long t0 = System.nanoTime();
    Process p = pb.start();
    Node node = new Node(name, port, p);
    Thread reader = new Thread(() -> node.readAnswers(logFile), name + "-control");
    reader.setDaemon(true);
    reader.start();
    try {
      node.readyMillis = awaitReady(p, port, t0, logFile);
      return node;
    } catch (Exception e) {
      p.destroyForcibly();
      throw e;
    }
  }

  private void readAnswers(Path logFile) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
         Writer log = Files.newBufferedWriter(logFile, StandardOpenOption.APPEND)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.startsWith(Control.MARK)) {
          answers.add(new JsonObject(line.substring(Control.MARK.length())));
        } else {
          log.write(line);
          log.write('\n');
          log.flush();
        }
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  private static long awaitReady(Process p, int port, long t0, Path logFile) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready"))
        .timeout(Duration.ofSeconds(5)).build();
    long deadline = t0 + READY_WITHIN.toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException("node exited with " + p.exitValue() + "; see " + logFile);
      }
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return (System.nanoTime() - t0) / 1_000_000;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("not ready within " + READY_WITHIN + "; see " + logFile);
  }

  /** Milliseconds from the process start until {@code /ready} first answered 200. */
  long readyMillis() {
    return readyMillis;
  }

  /** Sends a command and waits for its answer (ceilings may run for a while). */
  synchronized JsonObject call(String cmd, JsonObject args) throws Exception {
    int id = ++nextId;
    commands.println(args.copy().put("cmd", cmd).put("id", id).encode());
    JsonObject a = answers.poll(20, TimeUnit.MINUTES);
    if (a == null || !a.containsKey("result")) {
      throw new IllegalStateException(name + " " + cmd + " failed: " + (a == null ? "no answer" : a.getString("error")));
    }
    return a.getJsonObject("result");
  }

  long pid() {
    return process.pid();
  }

  JsonObject stats(boolean gc) throws Exception {
    return call("stats", new JsonObject().put("gc", gc));
  }

  @Override
  public void close() {
    try {
      if (process.isAlive()) {
        commands.println(new JsonObject().put("cmd", "stop").put("id", 0).encode());
        commands.close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
