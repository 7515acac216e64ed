package cn.wenxin.consult.booking;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.consult.testing.ConsultFixture;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.security.Role;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static cn.wenxin.consult.testing.ConsultFixture.as;
import static cn.wenxin.consult.testing.ConsultFixture.await;
import static cn.wenxin.consult.testing.ConsultFixture.bookingBody;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class ReminderTest {

  private ConsultFixture f;

  @BeforeEach
  void setUp(Vertx vertx) {
    f = await(ConsultFixture.start(vertx, new JsonObject().put("WENXIN_REMINDER_POLL_SECONDS", "3600")));
  }

  private long remindersOf(String userId) {
    JsonObject inbox = await(f.call(Addresses.NOTIFICATIONS, "listNotifications", as(userId, Role.STUDENT),
        new JsonObject(), null));
    return inbox.getJsonArray("items").stream().filter(o -> "reminder_15m".equals(((JsonObject) o).getString("type")))
        .count();
  }

  /** Deployed pollers whose timers never fire in a test (poll every hour): the test runs each round itself. */
  private List<ReminderVerticle> pollers(int n) {
    List<ReminderVerticle> made = new CopyOnWriteArrayList<>();
    await(f.vertx.deployVerticle(() -> {
      ReminderVerticle v = new ReminderVerticle();
      made.add(v);
      return v;
    }, new DeploymentOptions().setConfig(f.config).setInstances(n)));
    return made;
  }

  @Test
  @DisplayName("A due reminder fires exactly once although three pollers race for it")
  void firesOnce() {
    JsonObject b = await(f.call(Addresses.BOOKINGS, "createBooking", as("stu-010", Role.STUDENT), new JsonObject(),
        bookingBody("exp-001", ConsultFixture.hoursAhead(5))));
    await(f.mongo.updateCollection(ConsultCollections.REMINDER_JOBS, new JsonObject().put("bookingId", b.getString("id")),
        new JsonObject().put("$set", new JsonObject().put("dueAt", "2000-01-01T00:00:00Z"))));
    List<ReminderVerticle> pollers = pollers(3);
    // Three rounds at once, each finished (its notices sent) before the count: no waiting on a clock.
    await(Future.all(pollers.stream().map(ReminderVerticle::poll).toList()));
    assertThat(remindersOf("stu-010")).isEqualTo(1);
    await(Future.all(pollers.stream().map(ReminderVerticle::poll).toList()));
    assertThat(remindersOf("stu-010")).as("a fired job never fires again").isEqualTo(1);
  }

  @Test
  @DisplayName("A notice job whose sender died mid-send is sent again once its claim lapses, and the inbox holds it once")
  void diedWhileSending() {
    JsonObject notice = new JsonObject().put("userId", "stu-010").put("type", "reminder_15m").put("title", "t")
        .put("body", "b").put("data", new JsonObject());
    // The dead node had claimed the job and delivered the first of its two notices.
    await(f.mongo.insert(ConsultCollections.REMINDER_JOBS, new JsonObject().put("_id", "job-1").put("kind", "notice")
        .put("notices", new io.vertx.core.json.JsonArray().add(notice).add(notice.copy().put("title", "t2")))
        .put("dueAt", "2000-01-01T00:00:00Z").putNull("firedAt").put("claimedUntil", "2000-01-01T00:01:00Z")));
    await(f.call(Addresses.NOTIFICATIONS, "notify", null, new JsonObject(), notice.copy().put("id", "job-1|0")));
    ReminderVerticle poller = pollers(1).get(0);
    await(poller.poll());
    assertThat(remindersOf("stu-010")).isEqualTo(2);
    await(poller.poll());
    assertThat(remindersOf("stu-010")).as("the job, now fired, sends nothing more").isEqualTo(2);
    assertThat(await(f.mongo.findOne(ConsultCollections.REMINDER_JOBS, new JsonObject().put("_id", "job-1"), null))
        .getString("firedAt")).isNotNull();
  }
}
