package cn.wenxin.infra.testing;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis master, its replica and one sentinel watching them, each a real redis-server of the test's own on a free
 * loopback port, as the deployment's Redis with Sentinel runs (never the shared server on 6379). The sentinel
 * calls the master down after one second of silence, so a failover takes a few seconds.
 */
public final class SentinelTrio implements AutoCloseable {

  public static final String MASTER_NAME = "wenxin-test";

  public final int masterPort = TestConfig.freePort();
  public final int replicaPort = TestConfig.freePort();
  public final int sentinelPort = TestConfig.freePort();
  private final Path dir;
  private final List<Process> processes = new ArrayList<>();
  private Process master;

  public SentinelTrio() throws IOException {
    dir = Files.createTempDirectory("wenxin-sentinel");
  }

  public String sentinels() {
    return "127.0.0.1:" + sentinelPort;
  }

  public SentinelTrio start() throws Exception {
    master = server("master", masterPort);
    server("replica", replicaPort, "--replicaof", "127.0.0.1", Integer.toString(masterPort));
    Path conf = dir.resolve("sentinel.conf");
    Files.writeString(conf, String.join("\n",
        "port " + sentinelPort,
        "bind 127.0.0.1",
        "dir " + dir,
        "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + masterPort + " 1",
        "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
        "sentinel failover-timeout " + MASTER_NAME + " 5000", ""), StandardCharsets.UTF_8);
    start("sentinel", sentinelPort, List.of("redis-server", conf.toString(), "--sentinel"));
    until(() -> cli(replicaPort, "info", "replication").contains("master_link_status:up"), "the replica in sync");
    until(() -> cli(sentinelPort, "sentinel", "replicas", MASTER_NAME).contains(Integer.toString(replicaPort)),
        "the sentinel knows the replica");
    return this;
  }

  /** The replica stops answering anything, replication included, for {@code seconds} (it is busy, not gone). */
  public void stallReplica(int seconds) throws Exception {
    new ProcessBuilder("redis-cli", "-p", Integer.toString(replicaPort), "DEBUG", "SLEEP",
        Integer.toString(seconds)).redirectErrorStream(true).redirectOutput(dir.resolve("stall.log").toFile()).start();
    Thread.sleep(200);
  }

  /** kill -9 of the master, as a machine that dies takes it. */
  public void killMaster() throws Exception {
    master.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  /** The port the sentinel names master now. */
  public int masterNow() throws Exception {
    String[] lines = cli(sentinelPort, "sentinel", "get-master-addr-by-name", MASTER_NAME).trim().split("\\s+");
    return Integer.parseInt(lines[lines.length - 1]);
  }

  private Process server(String name, int port, String... extra) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("redis-server", "--bind", "127.0.0.1", "--port",
        Integer.toString(port), "--dir", dir.toString(), "--dbfilename", name + ".rdb", "--save", "",
        "--appendonly", "no", "--enable-debug-command", "local"));
    cmd.addAll(List.of(extra));
    return start(name, port, cmd);
  }

  private Process start(String name, int port, List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile()).start();
    processes.add(p);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return p;
      } catch (IOException notYet) {
        if (!p.isAlive()) {
          throw new AssertionError(name + " exited: " + Files.readString(dir.resolve(name + ".log")));
        }
        Thread.sleep(50);
      }
    }
    throw new AssertionError(name + " not listening in 10 s");
  }

  private static String cli(int port, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(10, TimeUnit.SECONDS);
    return out;
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  private static void until(Check check, String what) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!check.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 20 s: " + what);
      }
      Thread.sleep(100);
    }
  }

  @Override
  public void close() throws Exception {
    for (Process p : processes) {
      if (p.isAlive()) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
