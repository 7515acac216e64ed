package cn.wenxin.infra.mongo;

import cn.wenxin.infra.security.PrivateFiles;
import de.bwaldvogel.mongo.MongoServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The embedded MongoDB-wire server (mongo-java-server on an H2 file) used when no WENXIN_MONGO_URI is set: one
 * machine, one process. Each write is committed before it is acknowledged ({@link DurableH2Backend}); it is still
 * shut down cleanly, by {@link EmbeddedMongoVerticle#stop()} and a JVM shutdown hook, so the file closes whole.
 */
final class EmbeddedMongo {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedMongo.class);

  private final MongoServer server;
  private final String connectionString;
  private final Thread shutdownHook;
  private volatile boolean stopped;
  private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
  /**
   * The orderly stop (drain at most 12 s, then close at most 8 s; ServiceLauncher) has this long before the hook
   * closes the store itself, still well inside a 30 s grace period.
   */
  private static final long ORDERLY_STOP_SECONDS = 21;

  private EmbeddedMongo(MongoServer server, String connectionString) {
    this.server = server;
    this.connectionString = connectionString;
    this.shutdownHook = new Thread(this::stopLast, "embedded-mongo-shutdown");
  }

  /** Blocking: opens the H2 file and binds a loopback port. */
  static EmbeddedMongo start(Path dataDir, boolean commitEachWrite) throws IOException {
    PrivateFiles.directory(dataDir);
    Path file = dataDir.resolve("wenxin-mongo.mv.db").toAbsolutePath();
    MongoServer server = new MongoServer(new DurableH2Backend(file.toString(), commitEachWrite));
    // Loopback on a port chosen at random: the wire protocol has no credentials here (README, docs/security.md).
    server.bind("127.0.0.1", 0);
    PrivateFiles.tighten(dataDir);
    String uri = "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
    EmbeddedMongo embedded = new EmbeddedMongo(server, uri);
    Runtime.getRuntime().addShutdownHook(embedded.shutdownHook);
    log.info("Embedded MongoDB-wire server on {} with data in {}", uri, file);
    return embedded;
  }

  String connectionString() {
    return connectionString;
  }

  /**
   * The JVM runs shutdown hooks at once: this one waits for the launcher's orderly stop (which answers requests in
   * flight and then stops this server), and closes the store itself only if that does not come.
   */
  private void stopLast() {
    try {
      if (closed.await(ORDERLY_STOP_SECONDS, java.util.concurrent.TimeUnit.SECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stop();
  }

  synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    server.shutdown();
    closed.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // called from the hook itself
    }
    log.info("Embedded MongoDB-wire server stopped; data flushed");
  }
}
