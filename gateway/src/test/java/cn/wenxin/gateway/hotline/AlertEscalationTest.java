package cn.wenxin.gateway.hotline;

import cn.wenxin.gateway.testing.TestStack;
import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.mongo.Mongo;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("An unacknowledged alert escalates on its stored deadline, across a restart")
class AlertEscalationTest {

  static JsonObject alertOf(TestStack stack, String sessionId) {
    var mongo = Mongo.client(stack.vertx(), WenxinConfig.from(stack.config()));
    return await(mongo.findOne("hotline_alerts", new JsonObject().put("sessionId", sessionId), null));
  }

  @Test
  void escalatesAfterRestart() throws Exception {
    TestStack stack = TestStack.start(new JsonObject().put("WENXIN_DEMO", "true")
        .put("WENXIN_DEMO_PASSWORD", TestStack.DEMO_PASSWORD)
        .put("WENXIN_HOTLINE_ALERT_SLA_SECONDS", "4").put("WENXIN_HOTLINE_POLL_MILLIS", "300"));
    try {
      String student = stack.token("student002");
      HttpResponse<Buffer> r = await(stack.http().post("/api/v1/hotline/talks").bearerTokenAuthentication(student)
          .sendJsonObject(new JsonObject().put("opening", "今晚就去死")));
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
      String talk = r.bodyAsJsonObject().getString("id");
      TestStack first = stack;
      JsonObject alert = poll(() -> alertOf(first, talk), a -> true);
      assertThat(alert.getInteger("tier")).isZero();
      assertThat(alert.getString("source")).isEqualTo("queue");
      assertThat(alert.getInteger("level")).isEqualTo(3);

      // The node goes down before the deadline; a fresh one finds the deadline in MongoDB and escalates.
      stack = stack.restart();
      TestStack second = stack;
      JsonObject lead = poll(() -> alertOf(second, talk), a -> a.getInteger("tier") >= 1);
      assertThat(lead.getString("state")).isEqualTo("open");
      String leadToken = stack.token("hotline03");
      List<Object> bell = poll(() -> {
        HttpResponse<Buffer> n = await(second.http().get("/api/v1/notifications").bearerTokenAuthentication(leadToken)
            .send());
        return n.bodyAsJsonObject();
      }, n -> n.getJsonArray("items").stream().anyMatch(x -> "hotline_alert_escalated"
          .equals(((JsonObject) x).getString("type")))).getJsonArray("items").getList();
      assertThat(bell).isNotEmpty();
      // Still nobody acknowledges: it goes further (admins and everyone on duty), never silent.
      poll(() -> alertOf(second, talk), a -> a.getInteger("tier") == 2);

      // Acknowledged, it stops.
      String alertId = lead.getString("_id");
      HttpResponse<Buffer> ack = await(stack.http().post("/api/v1/hotline/alerts/" + alertId.replace("|", "%7C") + "/ack")
          .bearerTokenAuthentication(leadToken).send());
      assertThat(ack.statusCode()).as(ack.bodyAsString()).isEqualTo(200);
      assertThat(alertOf(stack, talk).getString("state")).isEqualTo("acked");
    } finally {
      stack.close();
    }
  }

  static JsonObject poll(Supplier<JsonObject> probe, java.util.function.Predicate<JsonObject> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    JsonObject last = null;
    while (System.nanoTime() < deadline) {
      last = probe.get();
      if (last != null && done.test(last)) {
        return last;
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new AssertionError("Not reached in time; last: " + last);
  }
}
