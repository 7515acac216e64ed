package cn.wenxin.infra.shared;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;

/** In-process fallback: the local event bus already fans out within one JVM. */
final class LocalPubSub implements PubSub {

  private final Vertx vertx;

  LocalPubSub(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public Future<Void> publish(String channel, String message) {
    vertx.eventBus().publish(address(channel), message);
    return Future.succeededFuture();
  }

  @Override
  public Future<Subscription> subscribe(String channel, Handler<String> handler) {
    MessageConsumer<String> consumer = vertx.eventBus().localConsumer(address(channel), m -> handler.handle(m.body()));
    return consumer.completion().map(v -> (Subscription) consumer::unregister);
  }

  private static String address(String channel) {
    return "wenxin.pubsub." + channel;
  }
}
