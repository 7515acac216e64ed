package cn.wenxin.consult.notification;

import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceEndpoint;
import cn.wenxin.infra.bus.ServiceRequest;
import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.mongo.Mongo;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

/**
 * The inbox. Public actions list and mark; internal ones: {@code notify} (bookings and reminders store and push a
 * notification) and {@code since} (the gateway's WebSocket replays what a reconnecting tab missed).
 */
public class NotificationVerticle extends VerticleBase {

  private NotificationStore store;

  @Override
  public Future<?> start() {
    WenxinConfig config = WenxinConfig.from(config());
    store = new NotificationStore(Mongo.client(vertx, config));
    return new ServiceEndpoint(Addresses.NOTIFICATIONS)
        .on("listNotifications", this::list)
        .on("markNotificationRead", this::markRead)
        .on("notify", this::notifyUser)
        .on("since", this::since)
        .bind(vertx);
  }

  private Future<JsonObject> list(ServiceRequest r) {
    String userId = r.caller().id();
    return store.latest(userId).compose(items -> store.unread(userId)
        .map(unread -> new JsonObject().put("items", NotificationStore.views(items)).put("unread", unread)));
  }

  private Future<Void> markRead(ServiceRequest r) {
    return store.markRead(r.caller().id(), r.requiredParam("id")).compose(found -> found
        ? Future.succeededFuture()
        : Future.failedFuture(ProblemException.notFound("No such notification")));
  }

  private Future<JsonObject> notifyUser(ServiceRequest r) {
    JsonObject b = r.bodyObject();
    String userId = b.getString("userId");
    if (userId == null || b.getString("type") == null) {
      return Future.failedFuture(ProblemException.badRequest("notify needs userId and type"));
    }
    return store.add(b.getString("id"), userId, b.getString("type"), b.getString("title", ""),
        b.getString("body", ""), b.getJsonObject("data")).map(doc -> {
          if (doc == null) {
            return new JsonObject().put("duplicate", true);   // sent before; stored and pushed then
          }
          JsonObject n = NotificationStore.view(doc);
          vertx.eventBus().publish(Addresses.userInbox(userId),
              new JsonObject().put("type", "notification").put("seq", n.getLong("seq")).put("notification", n));
          return n;
        });
  }

  private Future<JsonObject> since(ServiceRequest r) {
    JsonObject b = r.bodyObject();
    return store.after(b.getString("userId"), b.getLong("after", 0L))
        .map(items -> new JsonObject().put("items", NotificationStore.views(items)));
  }
}
