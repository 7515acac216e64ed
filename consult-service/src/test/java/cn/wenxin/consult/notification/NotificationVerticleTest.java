package cn.wenxin.consult.notification;

import cn.wenxin.consult.testing.ConsultFixture;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.security.Role;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static cn.wenxin.consult.testing.ConsultFixture.as;
import static cn.wenxin.consult.testing.ConsultFixture.await;
import static cn.wenxin.consult.testing.ConsultFixture.problem;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class NotificationVerticleTest {

  private ConsultFixture f;

  @BeforeEach
  void setUp(Vertx vertx) {
    f = await(ConsultFixture.start(vertx, new JsonObject()));
  }

  private JsonObject notify(String userId, String type) {
    return await(f.call(Addresses.NOTIFICATIONS, "notify", null, new JsonObject(), new JsonObject()
        .put("userId", userId).put("type", type).put("title", "标题").put("body", "内容")
        .put("data", new JsonObject().put("bookingId", "b-1"))));
  }

  @Test
  @DisplayName("A notification is pushed to the user's inbox address with the next sequence number")
  void pushedWithSeq() {
    notify("stu-010", "first");
    Promise<JsonObject> pushed = Promise.promise();
    f.vertx.eventBus().<JsonObject>consumer(Addresses.userInbox("stu-010"), m -> pushed.tryComplete(m.body()));
    notify("stu-010", "second");
    JsonObject push = await(pushed.future());
    assertThat(push.getString("type")).isEqualTo("notification");
    assertThat(push.getLong("seq")).isEqualTo(2L);
    assertThat(push.getJsonObject("notification").getString("type")).isEqualTo("second");
  }

  @Test
  @DisplayName("'since' replays only what came after the given sequence number")
  void since() {
    notify("stu-010", "a");
    notify("stu-010", "b");
    notify("stu-010", "c");
    JsonObject missed = await(f.call(Addresses.NOTIFICATIONS, "since", null, new JsonObject(),
        new JsonObject().put("userId", "stu-010").put("after", 1)));
    assertThat(missed.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("type")))
        .containsExactly("b", "c");
  }

  @Test
  @DisplayName("Marking read lowers the unread count, and nobody can mark another user's notification")
  void markRead() {
    String id = notify("stu-010", "a").getString("id");
    assertThat(problem(f.call(Addresses.NOTIFICATIONS, "markNotificationRead", as("stu-011", Role.STUDENT),
        new JsonObject().put("id", id), null)).status()).isEqualTo(404);
    await(f.call(Addresses.NOTIFICATIONS, "markNotificationRead", as("stu-010", Role.STUDENT),
        new JsonObject().put("id", id), null));
    JsonObject list = await(f.call(Addresses.NOTIFICATIONS, "listNotifications", as("stu-010", Role.STUDENT),
        new JsonObject(), null));
    assertThat(list.getLong("unread")).isZero();
  }

  @Test
  @DisplayName("Thirty notifications for one person at once are published in seq order, none missing")
  void burstInOrder() {
    java.util.List<Long> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    var consumer = f.vertx.eventBus().<JsonObject>consumer(Addresses.userInbox("stu-012"),
        m -> seen.add(m.body().getLong("seq")));
    await(consumer.completion());
    java.util.List<io.vertx.core.Future<Object>> all = new java.util.ArrayList<>();
    for (int i = 0; i < 30; i++) {
      all.add(f.call(Addresses.NOTIFICATIONS, "notify", null, new JsonObject(), new JsonObject()
          .put("userId", "stu-012").put("type", "burst").put("title", "t" + i).put("body", "b")));
    }
    await(io.vertx.core.Future.all(all));
    await(f.vertx.timer(200));
    assertThat(seen).hasSize(30);
    assertThat(seen).isSorted().doesNotHaveDuplicates();
  }
}
