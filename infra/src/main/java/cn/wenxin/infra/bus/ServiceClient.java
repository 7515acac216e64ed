package cn.wenxin.infra.bus;

import cn.wenxin.infra.error.Overload;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.logging.RequestContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

/** The caller side of the event-bus seam; turns failures back into {@link ProblemException}s. */
public final class ServiceClient {

  private static final long TIMEOUT_MS = 15_000;

  private final Vertx vertx;
  /** Only a clustered node can lose a peer with requests in flight. */
  private final PeerLoss peers;

  public ServiceClient(Vertx vertx) {
    this.vertx = vertx;
    this.peers = vertx.isClustered() ? PeerLoss.of(vertx) : null;
  }

  public Future<Message<Object>> call(String address, String action, ServiceRequest request) {
    return call(address, action, request, false);
  }

  /**
   * The same, answered on this node when it runs the service (no copy over the network, no second node in the
   * way), else by any node. For hot paths whose service keeps nothing of its own per node.
   */
  public <T> Future<T> askNearby(String address, String action, ServiceRequest request) {
    if (peers == null) {
      return ask(address, action, request);
    }
    return call(address, action, request, true)
        .recover(err -> err instanceof NotHere ? call(address, action, request, false) : Future.failedFuture(err))
        .map(m -> {
          @SuppressWarnings("unchecked") T body = (T) m.body();
          return body;
        });
  }

  /** No consumer on this node: the request was delivered nowhere, so asking elsewhere cannot do it twice. */
  private static final class NotHere extends RuntimeException {
    NotHere() {
      super(null, null, false, false);
    }
  }

  private Future<Message<Object>> call(String address, String action, ServiceRequest request, boolean here) {
    DeliveryOptions opts = new DeliveryOptions()
        .setSendTimeout(TIMEOUT_MS)
        .setLocalOnly(here)
        .addHeader(ServiceEndpoint.ACTION, action);
    String requestId = RequestContext.current();
    if (requestId != null) {
      opts.addHeader(RequestContext.HEADER, requestId);
    }
    Future<Message<Object>> asked = vertx.eventBus().request(address, request.toJson(), opts);
    if (here) {
      return asked.recover(err -> Future.failedFuture(err instanceof ReplyException re
          && re.failureType() == ReplyFailure.NO_HANDLERS ? new NotHere() : toProblem(address, err)));
    }
    if (peers == null) {
      return asked.recover(err -> Future.failedFuture(toProblem(address, err)));
    }
    // Answered, failed by the bus, or refused once it is clear the node it went to left the cluster.
    Context context = vertx.getOrCreateContext();
    Promise<Message<Object>> answer = Promise.promise();
    Runnable done = peers.watch(() -> context.runOnContext(v -> answer.tryFail(
        Overload.unavailable("The " + address + " service was asked on a node that left the cluster; try again"))));
    asked.onComplete(ar -> {
      done.run();
      if (ar.succeeded()) {
        answer.tryComplete(ar.result());
      } else {
        answer.tryFail(toProblem(address, ar.cause()));
      }
    });
    return answer.future();
  }

  /** The reply body alone, for service-to-service calls. */
  public <T> Future<T> ask(String address, String action, ServiceRequest request) {
    return call(address, action, request).map(m -> {
      @SuppressWarnings("unchecked") T body = (T) m.body();
      return body;
    });
  }

  static Throwable toProblem(String address, Throwable err) {
    if (err instanceof ReplyException re) {
      if (re.failureType() == ReplyFailure.RECIPIENT_FAILURE && re.failureCode() >= 400) {
        try {
          return ProblemException.fromJson(new JsonObject(re.getMessage()));
        } catch (RuntimeException notJson) {
          return new ProblemException(re.failureCode(), "Error", re.getMessage());
        }
      }
      return Overload.unavailable("The " + address + " service did not answer ("
          + re.failureType() + ")");
    }
    return err;
  }
}
