package cn.wenxin.bench.node;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;

/**
 * The ceiling for the gateway: bare Vert.x in its own JVM, one HTTP server verticle per core (what a tuned
 * Vert.x server does), no router, no auth, no storage. {@code /ready} and {@code /me} answer a fixed JSON object
 * about the size of a real {@code /me}; {@code /ws} accepts a WebSocket and echoes every text frame.
 */
public final class BareNode extends VerticleBase {

  private static final Buffer ME = new JsonObject().put("id", "stu-117").put("role", "student")
      .put("displayName", "李梓涵").put("anonymous", false).put("grade", 8).put("school", "温州市第二中学").toBuffer();
  private static final Buffer READY = new JsonObject().put("status", "UP").toBuffer();

  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    JsonObject config = new JsonObject().put("port", Integer.parseInt(System.getenv("BENCH_PORT")));
    vertx.deployVerticle(BareNode::new, new DeploymentOptions().setConfig(config)
            .setInstances(Runtime.getRuntime().availableProcessors()))
        .toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
    new Control(vertx).serve();
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(config().getInteger("port")))
        .webSocketHandler(ws -> ws.textMessageHandler(ws::writeTextMessage))
        .requestHandler(req -> req.response().putHeader("Content-Type", "application/json")
            .end("/ready".equals(req.path()) ? READY : ME))
        .listen();
  }
}
