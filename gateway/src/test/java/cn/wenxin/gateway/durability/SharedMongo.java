package cn.wenxin.gateway.durability;

import cn.wenxin.infra.testing.TestConfig;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One embedded MongoDB-wire server on an H2 file that every node of a test reaches by WENXIN_MONGO_URI (no real
 * MongoDB can be installed here). It can be stopped and started again on the same port and file, as a database that
 * went away and came back.
 */
final class SharedMongo implements AutoCloseable {

  final int port = TestConfig.freePort();
  private final Path file;
  private MongoServer server;

  SharedMongo() throws IOException {
    file = Files.createTempDirectory("wenxin-shared-mongo").resolve("mongo.mv.db");
  }

  String uri() {
    return "mongodb://127.0.0.1:" + port;
  }

  synchronized SharedMongo start() {
    server = new MongoServer(new H2Backend(file.toString()));
    server.bind("127.0.0.1", port);
    return this;
  }

  /** Every connection cut at once and the port closed: the database is gone. */
  synchronized void stop() {
    if (server != null) {
      server.shutdownNow();
      server = null;
    }
  }

  @Override
  public void close() {
    stop();
  }
}
