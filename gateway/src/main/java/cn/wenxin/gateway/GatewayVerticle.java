package cn.wenxin.gateway;

import cn.wenxin.gateway.api.ApiRouter;
import cn.wenxin.gateway.api.Authenticator;
import cn.wenxin.gateway.api.EndedSignIns;
import cn.wenxin.gateway.http.GracefulStop;
import cn.wenxin.gateway.http.Health;
import cn.wenxin.gateway.http.InvalidRequests;
import cn.wenxin.gateway.http.MetricsAccess;
import cn.wenxin.gateway.http.ProblemResponses;
import cn.wenxin.gateway.http.ApiInput;
import cn.wenxin.gateway.http.RequestIds;
import cn.wenxin.gateway.http.SecurityHeaders;
import cn.wenxin.gateway.http.StaticCaching;
import cn.wenxin.gateway.realtime.RealtimeChannel;
import cn.wenxin.infra.cluster.Membership;
import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.launch.Draining;
import cn.wenxin.infra.mongo.Mongo;
import cn.wenxin.infra.security.AccessTokens;
import cn.wenxin.infra.shared.SharedState;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.AllowForwardHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;

/**
 * The only door: HTTP API (routes and validation from the OpenAPI document), the WebSocket channel, health,
 * metrics, and the web client's files. It owns no data; services answer over the event bus.
 *
 * <p>Deployed as several instances (WENXIN_GATEWAY_INSTANCES, one per core by default) sharing one port, so every
 * core serves HTTP. So an instance keeps nothing that another must see: what a node shares lives in
 * {@link SharedState} and {@link EndedSignIns} (one per Vert.x), what nodes share in Redis.
 */
public class GatewayVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(GatewayVerticle.class);
  // Frames up to this are read, so that one over the protocol's 64 KiB gets a 1009 close, not a dropped connection.
  private static final int MAX_WEBSOCKET_READ = 1024 * 1024;

  private WenxinConfig config;
  private SharedState shared;
  private AccessTokens tokens;
  private EndedSignIns ended;
  private HttpServer server;
  private GracefulStop graceful;
  private Future<Void> drained;

  @Override
  public Future<?> start() {
    config = WenxinConfig.from(config());
    // The contract is parsed while the stores connect: both take a while at a cold start, neither needs the other.
    Future<Router> api = ApiRouter.create(vertx);
    Future<EndedSignIns> state = SharedState.of(vertx, config.storage())
        .onSuccess(s -> shared = s)
        .compose(s -> vertx.executeBlocking(() -> AccessTokens.load(config)))
        .onSuccess(t -> tokens = t)
        .compose(t -> EndedSignIns.of(vertx, shared, t.ttl()))
        .onSuccess(e -> ended = e);
    return Future.all(api, state)
        .map(ready -> router(api.result()))
        .compose(this::listen);
  }

  /** Counseling video on a Jitsi deployment loads its library from there and talks to it (jitsi.md). */
  private SecurityHeaders jitsiAwareHeaders() {
    WenxinConfig.Jitsi j = config.sessions().jitsi();
    if (!j.enabled()) {
      return new SecurityHeaders();
    }
    java.net.URI lib = java.net.URI.create(j.libraryUrl());
    String libOrigin = lib.getScheme() == null ? "" : lib.getScheme() + "://" + lib.getRawAuthority();
    return new SecurityHeaders(libOrigin.isEmpty() ? java.util.List.of() : java.util.List.of(libOrigin),
        java.util.List.of("wss://" + j.domain(), "https://" + j.domain()));
  }

  private Router router(Router api) {
    Router router = Router.router(vertx);
    Authenticator authenticator = new Authenticator(tokens, ended);
    Health health = new Health(Mongo.client(vertx, config), shared, config.storage().embeddedMongo(),
        vertx.isClustered(), () -> Membership.of(vertx))
        .withSignIns(ended::loaded);

    if (config.http().trustForwardedHeaders()) {
      router.allowForward(AllowForwardHeaders.ALL);
    }
    graceful = new GracefulStop(vertx);
    router.route().handler(new RequestIds()).handler(jitsiAwareHeaders());
    router.route("/api/*").handler(graceful);
    if (!config.http().corsOrigins().isEmpty()) {
      router.route().handler(CorsHandler.create()
          .addOrigins(config.http().corsOrigins())
          .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE))
          .allowedHeaders(Set.of("Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id"))
          .exposedHeaders(Set.of("X-Request-Id", "Retry-After")));
    }
    router.get("/health").handler(health::alive);
    router.get("/ready").handler(health::ready);
    router.get("/metrics").handler(new MetricsAccess(config.protection())).handler(PrometheusScrapingHandler.create(config.http().metricsRegistry()));
    router.get("/ws").handler(new RealtimeChannel(vertx, authenticator, shared.presence(), config)::upgrade);

    router.get("/api/v1/openapi.yaml").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/yaml; charset=utf-8").sendFile(ApiRouter.CONTRACT));
    router.route("/api/v1/*").handler(new ApiInput());
    router.route("/api/v1/*")
        .handler(BodyHandler.create(false).setBodyLimit(config.http().bodyLimitBytes()))
        .handler(authenticator);
    router.post("/api/v1/auth/logout").handler(authenticator::signingOut);
    router.route("/api/v1/*").subRouter(api);
    router.route("/api/*").handler(ctx -> ctx.fail(ProblemException.notFound("No such API operation")));

    router.route().handler(new StaticCaching());
    router.route().handler(StaticHandler.create("webroot").setCachingEnabled(true).setIndexPage("index.html"));
    // The web client routes on its own: any other page path gets its index.html.
    router.get().handler(ctx -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-cache").sendFile("webroot/index.html")
        .onFailure(err -> ctx.fail(ProblemException.notFound("No web client in this build"))));
    router.route().failureHandler(new ProblemResponses());
    return router;
  }

  private Future<HttpServer> listen(Router router) {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.http().host())
        .setPort(config.http().port())
        .setCompressionSupported(true)
        // Every browser offers per-message deflate. Accepting it costs each socket its own zlib state (measured:
        // 23.4 instead of 20.0 KB of heap per idle socket, plus native memory once a frame is compressed) and
        // compresses every fan-out frame once per viewer instead of encoding it once; our frames are small JSON.
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false)
        .setMaxWebSocketFrameSize(MAX_WEBSOCKET_READ)
        .setMaxWebSocketMessageSize(MAX_WEBSOCKET_READ);
    return vertx.createHttpServer(options).requestHandler(router)
        .invalidRequestHandler(InvalidRequests::answer).listen()
        .onSuccess(s -> {
          server = s;
          Draining.add(vertx, this::drain);
          log.info("Gateway listening on {}:{}", config.http().host(), s.actualPort());
        });
  }

  /** SIGTERM: answer what is in flight while the services still run (see Draining), then close. */
  private synchronized Future<Void> drain() {
    if (drained == null) {
      log.info("Gateway stopping: answering requests in flight, then closing");
      drained = graceful.drain(server);
    }
    return drained;
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : drain();
  }
}
