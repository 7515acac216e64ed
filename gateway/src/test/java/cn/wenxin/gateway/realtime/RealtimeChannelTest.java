package cn.wenxin.gateway.realtime;

import cn.wenxin.gateway.testing.DemoStackTest;
import cn.wenxin.gateway.testing.TestStack;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceClient;
import cn.wenxin.infra.bus.ServiceRequest;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The real-time channel over a real WebSocket")
class RealtimeChannelTest extends DemoStackTest {

  /** A connected socket and everything it receives; a close shows up as {"closed": code}. */
  record Client(WebSocket ws, BlockingQueue<JsonObject> inbox) {
    JsonObject next() throws InterruptedException {
      JsonObject m = inbox.poll(10, TimeUnit.SECONDS);
      assertThat(m).as("a message within 10 s").isNotNull();
      return m;
    }

    void send(JsonObject json) {
      await(ws.writeTextMessage(json.encode()));
    }
  }

  static Client connect(String origin) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(stack.port())
        .setURI("/ws");
    if (origin != null) {
      options.addHeader("Origin", origin);
    }
    WebSocket ws = await(stack.vertx().createWebSocketClient().connect(options));
    BlockingQueue<JsonObject> inbox = new LinkedBlockingQueue<>();
    ws.textMessageHandler(t -> inbox.add(new JsonObject(t)));
    ws.closeHandler(v -> inbox.add(new JsonObject().put("closed", ws.closeStatusCode())));
    return new Client(ws, inbox);
  }

  static JsonObject notify(String userId, String title) {
    ServiceRequest req = ServiceRequest.of(null, new JsonObject(), new JsonObject().put("userId", userId)
        .put("type", "test").put("title", title).put("body", "b").put("data", new JsonObject()));
    return await(new ServiceClient(stack.vertx()).ask(Addresses.NOTIFICATIONS, "notify", req));
  }

  @Test
  @DisplayName("hello with a valid token is welcomed, and ping gets pong")
  void welcome() throws Exception {
    Client c = connect(null);
    c.send(new JsonObject().put("type", "hello").put("token", stack.token("student020")).put("resumeAfter", 0));
    assertThat(c.next().getString("type")).isEqualTo("welcome");
    c.send(new JsonObject().put("type", "ping"));
    assertThat(c.next().getString("type")).isEqualTo("pong");
  }

  @Test
  @DisplayName("a bad token gets an error and the 4401 close")
  void badToken() throws Exception {
    Client c = connect(null);
    c.send(new JsonObject().put("type", "hello").put("token", "forged"));
    assertThat(c.next().getString("code")).isEqualTo("unauthenticated");
    assertThat(c.next().getInteger("closed")).isEqualTo(4401);
  }

  @Test
  @DisplayName("a message that is not JSON gets an error and the connection stays")
  void notJson() throws Exception {
    Client c = connect(null);
    c.send(new JsonObject().put("type", "hello").put("token", stack.token("student021")));
    c.next();
    await(c.ws().writeTextMessage("{{{"));
    assertThat(c.next().getString("code")).isEqualTo("bad_message");
    c.send(new JsonObject().put("type", "ping"));
    assertThat(c.next().getString("type")).isEqualTo("pong");
  }

  @Test
  @DisplayName("another site's page may not open the channel")
  void foreignOrigin() {
    Throwable refused = stack.vertx().createWebSocketClient()
        .connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(stack.port()).setURI("/ws")
            .addHeader("Origin", "https://evil.example"))
        .toCompletionStage().toCompletableFuture().handle((ok, err) -> err).join();
    // the server's refusal (403), not any failure to connect
    assertThat(refused).isInstanceOf(io.vertx.core.http.UpgradeRejectedException.class);
    assertThat(((io.vertx.core.http.UpgradeRejectedException) refused).getStatus()).isEqualTo(403);
  }

  @Test
  @DisplayName("two notifications published out of seq order both arrive, once each")
  void outOfOrder() throws Exception {
    Client c = connect(null);
    c.send(new JsonObject().put("type", "hello").put("token", stack.token("student024")).put("resumeAfter", 0));
    assertThat(c.next().getString("type")).isEqualTo("welcome");
    String inbox = Addresses.userInbox("stu-024");
    for (long seq : new long[] {9_002, 9_001, 9_002}) {
      JsonObject n = new JsonObject().put("id", "n-" + seq).put("seq", seq).put("type", "test").put("title", "t");
      stack.vertx().eventBus().publish(inbox, new JsonObject().put("type", "notification").put("seq", seq)
          .put("notification", n));
    }
    assertThat(c.next().getLong("seq")).isEqualTo(9_002);
    assertThat(c.next().getLong("seq")).isEqualTo(9_001);
    assertThat(c.inbox().poll(500, TimeUnit.MILLISECONDS)).as("the repeat is not sent again").isNull();
  }

  @Test
  @DisplayName("a notification is pushed live, and a reconnect resumes after the last one seen")
  void pushAndResume() throws Exception {
    String token = stack.token("student022");
    Client first = connect(null);
    first.send(new JsonObject().put("type", "hello").put("token", token).put("resumeAfter", 0));
    first.next();
    notify("stu-022", "one");
    JsonObject pushed = first.next();
    assertThat(pushed.getString("type")).isEqualTo("notification");
    long seq = pushed.getLong("seq");
    await(first.ws().close());

    notify("stu-022", "two");
    Client second = connect(null);
    second.send(new JsonObject().put("type", "hello").put("token", token).put("resumeAfter", seq));
    assertThat(second.next().getString("type")).isEqualTo("welcome");
    JsonObject missed = second.next();
    assertThat(missed.getLong("seq")).isGreaterThan(seq);
    assertThat(missed.getJsonObject("notification").getString("title")).isEqualTo("two");
  }

  @Test
  @DisplayName("signing out closes that session's sockets with 4401, and not the same person's other sessions")
  void signOutCloses() throws Exception {
    JsonObject phone = stack.signIn("student023");
    JsonObject laptop = stack.signIn("student023");
    Client a = connect(null);
    a.send(new JsonObject().put("type", "hello").put("token", phone.getString("accessToken")));
    a.next();
    Client b = connect(null);
    b.send(new JsonObject().put("type", "hello").put("token", laptop.getString("accessToken")));
    b.next();
    await(stack.http().post("/api/v1/auth/logout").bearerTokenAuthentication(phone.getString("accessToken")).send());
    assertThat(a.next().getString("code")).isEqualTo("unauthenticated");
    assertThat(a.next().getInteger("closed")).isEqualTo(4401);
    b.send(new JsonObject().put("type", "ping"));
    assertThat(b.next().getString("type")).isEqualTo("pong");
  }
}
