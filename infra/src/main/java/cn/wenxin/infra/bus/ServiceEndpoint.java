package cn.wenxin.infra.bus;

import cn.wenxin.infra.error.Overload;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.logging.RequestContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The service side of the event-bus seam: one address, a table of actions, each a function from request to
 * Future. Failures travel back as {@link io.vertx.core.eventbus.ReplyException}s whose code is the HTTP status and
 * whose message is the problem document, so one error model holds across the bus (and across a cluster later).
 */
public final class ServiceEndpoint {

  public static final String ACTION = "action";
  public static final String STATUS = "status";
  public static final String CONTENT_TYPE = "content-type";

  private static final Logger log = LoggerFactory.getLogger(ServiceEndpoint.class);

  private final String address;
  private final Map<String, Function<ServiceRequest, Future<?>>> actions = new HashMap<>();

  public ServiceEndpoint(String address) {
    this.address = address;
  }

  public ServiceEndpoint on(String action, Function<ServiceRequest, Future<?>> handler) {
    actions.put(action, handler);
    return this;
  }

  public Future<MessageConsumer<JsonObject>> bind(Vertx vertx) {
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(address, this::dispatch);
    return consumer.completion().map(v -> consumer);
  }

  private void dispatch(Message<JsonObject> message) {
    RequestContext.set(message.headers().get(RequestContext.HEADER));
    String action = message.headers().get(ACTION);
    Function<ServiceRequest, Future<?>> handler = actions.get(action);
    if (handler == null) {
      fail(message, new ProblemException(501, "Not implemented", "No action '" + action + "' at " + address));
      return;
    }
    Future<?> result;
    try {
      result = handler.apply(ServiceRequest.fromJson(action, message.body()));
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onSuccess(value -> reply(message, value)).onFailure(err -> fail(message, err));
  }

  private static void reply(Message<JsonObject> message, Object value) {
    if (value instanceof ServiceReply r) {
      DeliveryOptions opts = new DeliveryOptions().addHeader(STATUS, Integer.toString(r.status()));
      if (r.contentType() != null) {
        opts.addHeader(CONTENT_TYPE, r.contentType());
      }
      message.reply(r.body(), opts);
    } else if (value == null) {
      message.reply(null, new DeliveryOptions().addHeader(STATUS, "204"));
    } else {
      message.reply(value);
    }
  }

  private void fail(Message<JsonObject> message, Throwable err) {
    ProblemException problem;
    if (err instanceof ProblemException p) {
      problem = p;
    } else if (err instanceof io.vertx.core.eventbus.ReplyException re && re.failureCode() >= 400) {
      message.fail(re.failureCode(), re.getMessage());
      return;
    } else if (Overload.problemFor(err) != null) {
      problem = Overload.problemFor(err);
      log.warn("Action {} at {} answered 503, a dependency is busy: {}", message.headers().get(ACTION), address,
          err.toString());
    } else {
      log.error("Action {} at {} failed", message.headers().get(ACTION), address, err);
      problem = new ProblemException(500, "Internal error", "Something went wrong on our side; it has been logged.");
    }
    if (problem.status() >= 500 && err instanceof ProblemException) {
      log.warn("Action {} at {} answered {}: {}", message.headers().get(ACTION), address, problem.status(),
          problem.detail());
    }
    message.fail(problem.status(), problem.toJson().encode());
  }
}
