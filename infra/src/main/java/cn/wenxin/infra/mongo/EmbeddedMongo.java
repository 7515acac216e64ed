package cn.wenxin.infra.mongo;

import cn.wenxin.infra.security.PrivateFiles;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded MongoDB-wire server (mongo-java-server on an H2 file) used when no WENXIN_MONGO_URI is set: one
 * machine, one process. It must be shut down cleanly, or H2 loses the last second of acknowledged writes, so both
 * {@link EmbeddedMongoVerticle#stop()} and a JVM shutdown hook close it.
 */
final class EmbeddedMongo {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedMongo.class);

  private final MongoServer server;
  private final String connectionString;
  private final Thread shutdownHook;
  private volatile boolean stopped;

  private EmbeddedMongo(MongoServer server, String connectionString) {
    this.server = server;
    this.connectionString = connectionString;
    this.shutdownHook = new Thread(this::stop, "embedded-mongo-shutdown");
  }

  /** Blocking: opens the H2 file and binds a loopback port. */
  static EmbeddedMongo start(Path dataDir) throws IOException {
    PrivateFiles.directory(dataDir);
    Path file = dataDir.resolve("wenxin-mongo.mv.db").toAbsolutePath();
    MongoServer server = new MongoServer(new H2Backend(file.toString()));
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

  synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    server.shutdown();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // called from the hook itself
    }
    log.info("Embedded MongoDB-wire server stopped; data flushed");
  }
}
