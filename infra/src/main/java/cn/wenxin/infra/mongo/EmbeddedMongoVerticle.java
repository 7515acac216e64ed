package cn.wenxin.infra.mongo;

import cn.wenxin.infra.config.WenxinConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Owns the embedded MongoDB-wire server's lifetime. Deployed first by the launcher when no WENXIN_MONGO_URI is set;
 * publishes the server's address for {@link Mongo#client}.
 */
public class EmbeddedMongoVerticle extends VerticleBase {

  private EmbeddedMongo embedded;

  @Override
  public Future<?> start() {
    WenxinConfig config = WenxinConfig.from(config());
    return vertx.executeBlocking(() -> EmbeddedMongo.start(config.storage().dataDir(),
        config.storage().commitEachWrite()))
        .onSuccess(e -> {
          embedded = e;
          Mongo.publishEmbeddedUri(vertx, e.connectionString());
        });
  }

  /** Documents written by embedded servers in this JVM so far: how tests measure what an operation costs. */
  public static long documentsWritten() {
    return DurableH2Backend.documentsWritten();
  }

  @Override
  public Future<?> stop() {
    if (embedded == null) {
      return Future.succeededFuture();
    }
    // Close every client first so that none is mid-write when H2 flushes and closes.
    return Mongo.closeAll(vertx).compose(v -> vertx.executeBlocking(() -> {
      embedded.stop();
      return null;
    }));
  }
}
