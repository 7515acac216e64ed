package cn.wenxin.gateway.http;

import cn.wenxin.gateway.testing.DemoStackTest;
import cn.wenxin.gateway.testing.MetricsTraffic;
import cn.wenxin.gateway.testing.Scrape;
import cn.wenxin.gateway.testing.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Domain metrics on /metrics follow what happens over HTTP")
class DomainMetricsTest extends DemoStackTest {

  static final String CREATED = "wenxin_bookings_total{action=\"created\",outcome=\"ok\"}";
  static final String QUEUE = "wenxin_hotline_queue_length";

  @Test
  @DisplayName("A booking counts once as created, and the queue gauge is the number of talks waiting")
  void bookingAndQueue() {
    double before = Scrape.of(stack).value(CREATED);
    MetricsTraffic.book(stack, "student041", "exp-041");
    String talk = MetricsTraffic.talkNow(stack, "student042").getString("id");
    int waiting = waiting();
    assertThat(waiting).isPositive();

    Scrape s = Scrape.until(stack, x -> x.value(QUEUE) == waiting && x.value(CREATED) == before + 1);
    assertThat(s.value(CREATED)).isEqualTo(before + 1);
    assertThat(s.value(QUEUE)).isEqualTo(waiting);

    await(stack.http().post("/api/v1/hotline/talks/" + talk + "/leave")
        .bearerTokenAuthentication(stack.token("student042")).send());
    assertThat(Scrape.until(stack, x -> x.value(QUEUE) == waiting - 1).value(QUEUE)).isEqualTo(waiting - 1);
  }

  @Test
  @DisplayName("A slot taken twice counts one created and one rejected booking")
  void rejectedBooking() {
    String rejected = "wenxin_bookings_total{action=\"created\",outcome=\"rejected\"}";
    double before = Scrape.of(stack).value(rejected);
    String token = stack.token("student043");
    JsonObject booking = MetricsTraffic.book(stack, "student044", "exp-043");
    int status = await(stack.http().post("/api/v1/bookings").bearerTokenAuthentication(token)
        .sendJsonObject(new JsonObject().put("expertId", "exp-043").put("start", booking.getString("start"))
            .put("mode", "chat").put("topic", "academic_stress"))).statusCode();
    assertThat(status).isEqualTo(409);
    assertThat(Scrape.until(stack, x -> x.value(rejected) == before + 1).value(rejected)).isEqualTo(before + 1);
  }

  @Test
  @DisplayName("An open WebSocket shows on the node's socket gauge until it closes; a chat message counts once")
  void socketsAndChat() {
    String sockets = "wenxin_websocket_connections";
    String chat = "wenxin_chat_messages_total";
    double before = Scrape.of(stack).value(sockets);
    double chatBefore = Scrape.of(stack).value(chat);
    WsClient ws = WsClient.connect(stack);
    assertThat(Scrape.until(stack, x -> x.value(sockets) == before + 1).value(sockets)).isEqualTo(before + 1);
    await(ws.ws().close());
    assertThat(Scrape.until(stack, x -> x.value(sockets) == before).value(sockets)).isEqualTo(before);

    String talk = MetricsTraffic.talkNow(stack, "student045").getString("id");
    MetricsTraffic.chat(stack, "student045", talk);
    assertThat(Scrape.of(stack).value(chat)).isEqualTo(chatBefore + 1);
    await(stack.http().post("/api/v1/hotline/talks/" + talk + "/leave")
        .bearerTokenAuthentication(stack.token("student045")).send());
  }

  @Test
  @DisplayName("The event-loop probe keeps measuring: its sample count grows by about 5 a second per loop")
  void eventLoopProbe() throws InterruptedException {
    String count = "wenxin_eventloop_delay_seconds_count";
    double first = Scrape.of(stack).value(count);
    Thread.sleep(1_000);
    assertThat(Scrape.of(stack).value(count)).isGreaterThanOrEqualTo(first + 3);
  }

  private static int waiting() {
    return await(stack.http().get("/api/v1/hotline/console").bearerTokenAuthentication(stack.token("hotline01"))
        .send()).bodyAsJsonObject().getJsonArray("queue").size();
  }
}
