package cn.wenxin.gateway.realtime;

import cn.wenxin.gateway.testing.SessionBookings;
import cn.wenxin.gateway.testing.TestStack;
import cn.wenxin.infra.testing.SentinelTrio;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chat on Redis as production runs it (master, replica, sentinel): a message is acknowledged only once the replica
 * holds it. The replica is made to stall while the student sends: that message is neither acknowledged nor shown
 * (a failover now could lose it); the tab's resend, once the replica is back, is acknowledged with its number and
 * both people see it exactly once.
 */
@DisplayName("Chat on a replicated Redis acknowledges only what a failover keeps")
class ReplicatedChatTest {

  @Test
  @DisplayName("a message sent while the replica stalls is refused as unavailable and shown to nobody; its resend is"
      + " acknowledged and shown once, in order")
  void acknowledgedOnlyWhenReplicated() throws Exception {
    try (SentinelTrio redis = new SentinelTrio().start();
         TestStack stack = TestStack.withDemo(new JsonObject().put("WENXIN_CHAT_PER_MINUTE", "100")
             .put("WENXIN_REDIS_SENTINELS", redis.sentinels())
             .put("WENXIN_REDIS_MASTER_NAME", SentinelTrio.MASTER_NAME)
             .put("WENXIN_REDIS_ACK_WAIT_MILLIS", "300"))) {
      String st = stack.token("student034");
      String ex = stack.token("expert014");
      String id = SessionBookings.active(stack, "student034", "expert014", st, ex);
      ChatPeer student = new ChatPeer(stack, st, id);
      ChatPeer expert = new ChatPeer(stack, ex, id);
      student.connect();
      expert.connect();
      student.say("s1", "第一条");
      SessionChatTest.waitUntil(student, expert, 1);
      assertThat(expert.shown()).hasSize(1);

      redis.stallReplica(3);
      student.say("s2", "第二条");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (errorsOf(student).stream().noneMatch(f -> "s2".equals(f.getString("clientMsgId")))
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(errorsOf(student)).as("the unsafe message is refused, so the tab keeps it")
          .anySatisfy(f -> {
            assertThat(f.getString("clientMsgId")).isEqualTo("s2");
            assertThat(f.getString("code")).isEqualTo("unavailable");
          });
      synchronized (student) {
        assertThat(student.unacked).containsKey("s2");
      }
      assertThat(expert.shown()).as("not shown while a failover could lose it").hasSize(1);

      // The tab sends it again (same clientMsgId) until it is taken, as the web client does.
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (!student.settled(2) && System.nanoTime() < deadline) {
        student.say("s2", "第二条");
        Thread.sleep(500);
      }
      SessionChatTest.waitUntil(student, expert, 2);
      for (ChatPeer p : java.util.List.of(student, expert)) {
        assertThat(p.settled(2)).isTrue();
        assertThat(p.duplicates()).isZero();
        assertThat(p.shown()).extracting(m -> m.getString("text")).containsExactly("第一条", "第二条");
        assertThat(p.shown()).extracting(m -> m.getLong("seq")).containsExactly(1L, 2L);
      }
    }
  }

  private static java.util.List<JsonObject> errorsOf(ChatPeer peer) {
    synchronized (peer) {
      return new java.util.ArrayList<>(peer.other);
    }
  }
}
