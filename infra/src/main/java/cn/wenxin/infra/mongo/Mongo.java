package cn.wenxin.infra.mongo;

import cn.wenxin.infra.config.WenxinConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The one place that makes MongoDB clients: a real MongoDB from WENXIN_MONGO_URI, or the embedded server started by
 * {@link EmbeddedMongoVerticle}. Clients are shared per data source, so every verticle uses one connection pool.
 */
public final class Mongo {

  private static final String SHARED_MAP = "wenxin.infra";
  private static final String EMBEDDED_URI = "mongo.embeddedUri";
  private static final Map<Vertx, List<MongoClient>> CLIENTS = new WeakHashMap<>();

  private Mongo() {
  }

  static void publishEmbeddedUri(Vertx vertx, String uri) {
    vertx.sharedData().<String, String>getLocalMap(SHARED_MAP).put(EMBEDDED_URI, uri);
  }

  public static MongoClient client(Vertx vertx, WenxinConfig config) {
    String uri = uri(vertx, config);
    JsonObject options = new JsonObject()
        .put("connection_string", uri)
        .put("db_name", config.storage().mongoDatabase())
        .put("serverSelectionTimeoutMS", 5000);
    MongoClient client = MongoClient.createShared(vertx, options, "wenxin-" + uri);
    synchronized (CLIENTS) {
      CLIENTS.computeIfAbsent(vertx, v -> new ArrayList<>()).add(client);
    }
    return client;
  }

  /** The connection string in use, for the few clients this class does not make (the key vault's). */
  public static String uri(Vertx vertx, WenxinConfig config) {
    String uri = config.storage().embeddedMongo()
        ? vertx.sharedData().<String, String>getLocalMap(SHARED_MAP).get(EMBEDDED_URI)
        : ReplicaSetUri.durable(config.storage().mongoUri());
    if (uri == null) {
      throw new IllegalStateException("No WENXIN_MONGO_URI and no embedded server: deploy EmbeddedMongoVerticle first");
    }
    return uri;
  }

  /** Health check that works on both servers ({@code hello} does not exist on the embedded one). */
  public static Future<Void> ping(MongoClient client) {
    return client.runCommand("ping", new JsonObject().put("ping", 1)).mapEmpty();
  }

  static Future<Void> closeAll(Vertx vertx) {
    List<MongoClient> clients;
    synchronized (CLIENTS) {
      clients = CLIENTS.remove(vertx);
    }
    if (clients == null) {
      return Future.succeededFuture();
    }
    return Future.join(clients.stream().map(MongoClient::close).toList()).mapEmpty();
  }

  /** True for a duplicate-key write error (code 11000), the way a unique index says "taken". */
  public static boolean isDuplicateKey(Throwable err) {
    for (Throwable t = err; t != null; t = t.getCause()) {
      if (t instanceof com.mongodb.MongoWriteException w && w.getError().getCode() == 11000) {
        return true;
      }
      if (t instanceof com.mongodb.MongoBulkWriteException b
          && b.getWriteErrors().stream().anyMatch(e -> e.getCode() == 11000)) {
        return true;
      }
      if (t instanceof com.mongodb.MongoCommandException c && c.getErrorCode() == 11000) {
        return true;
      }
      if (t.getMessage() != null && t.getMessage().contains("E11000")) {
        return true;
      }
    }
    return false;
  }
}
