package cn.wenxin.infra.shared;

import io.vertx.core.Future;
import io.vertx.core.Handler;

/** Fan-out across nodes (a node's own event bus covers one JVM); at-most-once, like Redis pub/sub itself. */
public interface PubSub {

  /** A sign-in ended (sign-out, refresh-token reuse): the message is its session id; gateways stop trusting it. */
  String SIGN_IN_ENDED = "auth.sign-in-ended";

  Future<Void> publish(String channel, String message);

  /** Completes once the subscription is active; the returned handle ends it. */
  Future<Subscription> subscribe(String channel, Handler<String> handler);

  interface Subscription {
    Future<Void> cancel();
  }
}
