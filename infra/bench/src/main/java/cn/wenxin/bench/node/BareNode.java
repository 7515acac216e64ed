package cn.wenxin.bench.node;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import java.util.concurrent.TimeUnit;

/**
 * The ceiling for the gateway: bare Vert.x in its own JVM, one HTTP server verticle per core (what a tuned
 * Vert.x server does), no router, no auth, no storage. {@code /ready} and {@code /me} answer a fixed JSON object
 * about the size of a real {@code /me}; {@code /ws} accepts a WebSocket and echoes every text frame. {@code /viewer}
 * sockets only listen: {@code POST /fanout?m=...} encodes one frame (a live chat line's size) once and each
 * instance writes it to its own viewers, skipping a socket whose write queue is full, as a room's feed does.
 */
public final class BareNode extends VerticleBase {

  private static final Buffer ME = new JsonObject().put("id", "stu-117").put("role", "student")
      .put("displayName", "李梓涵").put("anonymous", false).put("grade", 8).put("school", "温州市第二中学").toBuffer();
  private static final Buffer READY = new JsonObject().put("status", "UP").toBuffer();

  /** Every instance, so that one broadcast reaches the viewers held by all of them. */
  private static final List<BareNode> INSTANCES = new CopyOnWriteArrayList<>();
  private final List<ServerWebSocket> viewers = new ArrayList<>();

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
    INSTANCES.add(this);
    // The ceiling writes frames the cheapest way: no per-connection compression, whatever the client offers.
    return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(config().getInteger("port"))
            .setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false))
        .webSocketHandler(ws -> {
          if ("/viewer".equals(ws.path())) {
            viewers.add(ws);
            ws.closeHandler(v -> viewers.remove(ws));
          } else {
            ws.textMessageHandler(ws::writeTextMessage);
          }
        })
        .requestHandler(req -> {
          if ("/fanout".equals(req.path())) {
            broadcast(req.getParam("m"));
            req.response().setStatusCode(204).end();
            return;
          }
          req.response().putHeader("Content-Type", "application/json").end("/ready".equals(req.path()) ? READY : ME);
        })
        .listen();
  }

  private static void broadcast(String marker) {
    String frame = new JsonObject().put("type", "live.chat").put("streamId", "ls-demo-now")
        .put("message", new JsonObject().put("id", "c-0123456789ab").put("label", "温心专家").put("host", true)
            .put("text", "直播更新 " + marker).put("at", java.time.Instant.now().toString()))
        .encode();
    for (BareNode node : INSTANCES) {
      node.context.runOnContext(v -> {
        for (ServerWebSocket ws : node.viewers) {
          if (!ws.writeQueueFull()) {
            ws.writeTextMessage(frame);
          }
        }
      });
    }
  }
}
