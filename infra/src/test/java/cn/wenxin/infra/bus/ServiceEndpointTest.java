package cn.wenxin.infra.bus;

import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.logging.RequestContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The event-bus service seam")
class ServiceEndpointTest {

  private Vertx vertx;
  private ServiceClient client;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    client = new ServiceClient(vertx);
    await(new ServiceEndpoint("test.svc")
        .on("echo", req -> Future.succeededFuture(req.bodyObject().put("requestId", RequestContext.current())))
        .on("refuse", req -> Future.failedFuture(ProblemException.conflict("That slot was just taken")))
        .on("crash", req -> {
          throw new IllegalStateException("secret internals");
        })
        .on("busy", req -> Future.failedFuture(new io.vertx.core.http.ConnectionPoolTooBusyException(
            "Connection pool reached max wait queue size of 512")))
        .on("create", req -> Future.succeededFuture(ServiceReply.created(new JsonObject().put("id", "b1"))))
        .bind(vertx));
  }

  @AfterEach
  void tearDown() throws Exception {
    await(vertx.close());
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static Throwable failure(Future<?> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().handle((ok, err) -> err).get(10, TimeUnit.SECONDS);
  }

  private static ServiceRequest body(JsonObject json) {
    return ServiceRequest.of(null, new JsonObject(), json);
  }

  @Test
  @DisplayName("an action answers with its result")
  void answers() throws Exception {
    JsonObject r = await(client.ask("test.svc", "echo", body(new JsonObject().put("a", 1))));
    assertThat(r.getInteger("a")).isEqualTo(1);
  }

  @Test
  @DisplayName("a domain failure arrives as the same problem on the caller's side")
  void problemsCrossTheBus() throws Exception {
    Throwable err = failure(client.ask("test.svc", "refuse", body(new JsonObject())));
    assertThat(err).isInstanceOf(ProblemException.class);
    assertThat(((ProblemException) err).status()).isEqualTo(409);
    assertThat(err.getMessage()).isEqualTo("That slot was just taken");
  }

  @Test
  @DisplayName("an unexpected exception becomes a 500 without its internals")
  void crashesAreHidden() throws Exception {
    ProblemException err = (ProblemException) failure(client.ask("test.svc", "crash", body(new JsonObject())));
    assertThat(err.status()).isEqualTo(500);
    assertThat(err.getMessage()).doesNotContain("secret");
  }

  @Test
  @DisplayName("an unknown action is a 501, a missing service a 503 with Retry-After at once (no bus timeout)")
  void unknown() throws Exception {
    assertThat(((ProblemException) failure(client.ask("test.svc", "nope", body(new JsonObject())))).status())
        .isEqualTo(501);
    long t0 = System.nanoTime();
    ProblemException none = (ProblemException) failure(client.ask("no.such.svc", "x", body(new JsonObject())));
    assertThat(System.nanoTime() - t0).as("NO_HANDLERS answers at once").isLessThan(TimeUnit.SECONDS.toNanos(2));
    assertThat(none.status()).isEqualTo(503);
    assertThat(none.extensions().getLong("retryAfter")).isPositive();
  }

  @Test
  @DisplayName("a status other than 200 travels in the reply headers")
  void status() throws Exception {
    var reply = await(client.call("test.svc", "create", body(new JsonObject())));
    assertThat(reply.headers().get(ServiceEndpoint.STATUS)).isEqualTo("201");
  }

  @Test
  @DisplayName("a message's request id is seen by its handler and does not leak into the next message")
  void requestIdsDoNotLeak() throws Exception {
    DeliveryOptions withId = new DeliveryOptions().addHeader(ServiceEndpoint.ACTION, "echo")
        .addHeader(RequestContext.HEADER, "req-1");
    JsonObject first = await(vertx.eventBus().<JsonObject>request("test.svc", body(new JsonObject()).toJson(), withId))
        .body();
    assertThat(first.getString("requestId")).isEqualTo("req-1");
    DeliveryOptions without = new DeliveryOptions().addHeader(ServiceEndpoint.ACTION, "echo");
    JsonObject second = await(vertx.eventBus().<JsonObject>request("test.svc", body(new JsonObject()).toJson(), without))
        .body();
    assertThat(second.getString("requestId")).isNull();
  }

  @Test
  @DisplayName("a dependency too busy to answer is a 503 with Retry-After, not a 500")
  void busyDependency() throws Exception {
    Throwable failure = client.call("test.svc", "busy", ServiceRequest.of(null, new JsonObject(), null))
        .toCompletionStage().toCompletableFuture().handle((ok, err) -> err).get(5, TimeUnit.SECONDS);
    assertThat(failure).isInstanceOf(ProblemException.class);
    ProblemException p = (ProblemException) failure;
    assertThat(p.status()).isEqualTo(503);
    assertThat(p.extensions().getLong("retryAfter")).isPositive();
  }
}
