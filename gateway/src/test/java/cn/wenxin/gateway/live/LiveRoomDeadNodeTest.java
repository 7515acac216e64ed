package cn.wenxin.gateway.live;

import cn.wenxin.gateway.testing.TestStack;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceClient;
import cn.wenxin.infra.bus.ServiceRequest;
import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.security.Role;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tab whose node died: it joined the room (as a gateway does, over the bus) and then nothing more came from its
 * node, neither a leave nor a refresh. It leaves the count by itself, and its person's watch time is not lost: the
 * stretch is closed and written (here it completes the lesson, so the parent's credit shows it), once.
 */
@DisplayName("The tab of a node that died leaves the room by itself, and its watch time is kept")
class LiveRoomDeadNodeTest {

  private static final String STREAM = "ls-demo-now";

  @Test
  void aSilentTabExpiresAndItsWatchTimeIsWritten() throws Exception {
    try (TestStack stack = TestStack.start(new JsonObject().put("WENXIN_DEMO", "true")
        .put("WENXIN_DEMO_PASSWORD", TestStack.DEMO_PASSWORD).put("WENXIN_LIVE_ATTEND_SECONDS", "20"))) {
      LiveRoomClient host = new LiveRoomClient(stack, stack.token("expert001"));
      assertThat(host.post("/livestreams/" + STREAM + "/start", new JsonObject()).statusCode()).isEqualTo(200);
      host.join(STREAM);
      LiveRoomClient parent = new LiveRoomClient(stack, stack.token("parent001"));   // only for HTTP reads

      // The parent's tab on another node: joined, then that node went silent (no refresh, no leave).
      Principal who = new Principal("par-001", Role.PARENT, false, "家长", "sid-x", "jti-x", 0);
      await(new ServiceClient(stack.vertx()).<JsonObject>ask(Addresses.LIVESTREAMS, "joinRoom",
          ServiceRequest.of(who, new JsonObject(), new JsonObject().put("streamId", STREAM)
              .put("connection", "tab-on-a-dead-node"))));
      long joined = System.currentTimeMillis();
      host.frame(m -> "live.count".equals(m.getString("type")) && m.getInteger("watching") == 2);
      host.seen.clear();   // from here on: what came after the count of two

      // Within the 30 s expiry (and a second's sweep) the count falls back to the host alone.
      long deadline = System.currentTimeMillis() + 45_000;
      while (host.seen.stream().noneMatch(m -> "live.count".equals(m.getString("type"))
          && m.getInteger("watching") == 1) && System.currentTimeMillis() < deadline) {
        host.drain(1);
      }
      long gone = System.currentTimeMillis() - joined;
      assertThat(host.seen).anyMatch(m -> "live.count".equals(m.getString("type")) && m.getInteger("watching") == 1);
      assertThat(gone).as("expired after the connection's 30 s, not before").isGreaterThanOrEqualTo(29_000);

      // The stretch (about 30 s, past the lesson's 20 s) was written: the lesson counts as attended, credited once.
      JsonObject credits = null;
      long until = System.currentTimeMillis() + 10_000;
      while (System.currentTimeMillis() < until) {
        credits = parent.get("/me/credits").bodyAsJsonObject();
        if (!credits.getJsonArray("items").isEmpty()) {
          break;
        }
        Thread.sleep(200);
      }
      assertThat(credits.getJsonArray("items")).hasSize(1);
      assertThat(credits.getJsonArray("items").getJsonObject(0).getString("lessonId")).isEqualTo("parent-1");
      assertThat(credits.getJsonArray("items").getJsonObject(0).getString("via")).isEqualTo("live");
    }
  }
}
