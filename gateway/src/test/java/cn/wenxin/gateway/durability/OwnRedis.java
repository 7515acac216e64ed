package cn.wenxin.gateway.durability;

import cn.wenxin.infra.testing.TestConfig;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of the test's own on a free loopback port (never the shared one on 6379), with an append-only file
 * fsynced at every write, so that stopping it (SIGTERM) and starting it again on the same port loses nothing.
 */
final class OwnRedis implements AutoCloseable {

  final int port = TestConfig.freePort();
  private final Path dir;
  private Process process;

  OwnRedis() throws IOException {
    dir = Files.createTempDirectory("wenxin-own-redis");
  }

  String url() {
    return "redis://127.0.0.1:" + port;
  }

  OwnRedis start() throws Exception {
    process = new ProcessBuilder("redis-server", "--bind", "127.0.0.1", "--port", Integer.toString(port),
        "--dir", dir.toString(), "--save", "", "--appendonly", "yes", "--appendfsync", "always",
        "--protected-mode", "yes")
        .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return this;
      } catch (IOException notYet) {
        if (!process.isAlive()) {
          throw new AssertionError("redis-server exited: " + Files.readString(dir.resolve("redis.log")));
        }
        Thread.sleep(50);
      }
    }
    throw new AssertionError("redis-server not listening in 10 s");
  }

  /** SIGTERM, as an operator or a failover stops it; waits until the port is free. */
  void stop() throws Exception {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  @Override
  public void close() throws Exception {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor();
    }
  }
}
