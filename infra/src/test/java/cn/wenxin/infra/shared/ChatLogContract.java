package cn.wenxin.infra.shared;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import static cn.wenxin.infra.shared.SharedStateContract.await;
import static org.assertj.core.api.Assertions.assertThat;

/** One contract for the session chat log, run against the real Redis and the in-process fallback. */
abstract class ChatLogContract {

  private static final Duration KEEP = Duration.ofMinutes(5);

  protected Vertx vertx;
  protected ChatLog log;
  private final String session = "s-" + UUID.randomUUID();

  abstract ChatLog create(Vertx vertx);

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    log = create(vertx);
  }

  @AfterEach
  void tearDown() throws Exception {
    await(log.delete(session));
    await(vertx.close());
  }

  private static JsonObject msg(String text) {
    return new JsonObject().put("from", "student").put("text", text);
  }

  @Test
  @DisplayName("messages get 1, 2, 3 in order and a resume returns exactly those after the given seq")
  void numbersAndResumes() throws Exception {
    for (int i = 1; i <= 3; i++) {
      assertThat(await(log.append(session, "c" + i, msg("m" + i), KEEP)).seq()).isEqualTo(i);
    }
    List<JsonObject> rest = await(log.after(session, 1, 100));
    assertThat(rest).extracting(m -> m.getLong("seq")).containsExactly(2L, 3L);
    assertThat(rest).extracting(m -> m.getString("text")).containsExactly("m2", "m3");
    assertThat(await(log.after(session, 3, 100))).isEmpty();
  }

  @Test
  @DisplayName("a resend of the same client message id returns the first seq and stores nothing new")
  void resendIsNotDuplicated() throws Exception {
    ChatLog.Appended first = await(log.append(session, "same", msg("hello"), KEEP));
    ChatLog.Appended again = await(log.append(session, "same", msg("hello"), KEEP));
    assertThat(first.fresh()).isTrue();
    assertThat(again).isEqualTo(new ChatLog.Appended(first.seq(), false));
    assertThat(await(log.after(session, 0, 100))).hasSize(1);
    assertThat(await(log.seqOf(session, "same"))).isEqualTo(first.seq());
    assertThat(await(log.seqOf(session, "other"))).isNull();
  }

  @Test
  @DisplayName("a send counts each sender's new messages in the window and stores none over the limit; a resend of a "
      + "stored id is answered with its seq without being counted or stored again")
  void sendCountsNewMessagesOnly() throws Exception {
    Duration window = Duration.ofSeconds(5);
    ChatLog.Sent a = await(log.send(session, "student:a", "student", window, 2, msg("a"), KEEP));
    assertThat(a).isEqualTo(new ChatLog.Sent(ChatLog.Outcome.STORED, 1, 1));
    assertThat(await(log.send(session, "student:a", "student", window, 2, msg("a"), KEEP)))
        .isEqualTo(new ChatLog.Sent(ChatLog.Outcome.RESENT, 1, 0));
    assertThat(await(log.send(session, "expert:c", "expert", window, 2, msg("c"), KEEP)))
        .isEqualTo(new ChatLog.Sent(ChatLog.Outcome.STORED, 2, 1));
    assertThat(await(log.send(session, "student:b", "student", window, 2, msg("b"), KEEP)))
        .isEqualTo(new ChatLog.Sent(ChatLog.Outcome.STORED, 3, 2));
    // Over the limit: counted, not stored; the same id coming back later is counted again.
    assertThat(await(log.send(session, "student:d", "student", window, 2, msg("d"), KEEP)))
        .isEqualTo(new ChatLog.Sent(ChatLog.Outcome.RATE_LIMITED, 0, 3));
    assertThat(await(log.send(session, "student:d", "student", window, 2, msg("d"), KEEP)))
        .isEqualTo(new ChatLog.Sent(ChatLog.Outcome.RATE_LIMITED, 0, 4));
    assertThat(await(log.seqOf(session, "student:d"))).isNull();
    assertThat(await(log.after(session, 0, 100))).extracting(m -> m.getString("text")).containsExactly("a", "c", "b");
  }

  @Test
  @DisplayName("a closed log takes no send and no append, keeps what it had for the hand-off, and stays closed after "
      + "delete")
  void closedTakesNothing() throws Exception {
    Duration window = Duration.ofSeconds(5);
    await(log.send(session, "student:a", "student", window, 10, msg("a"), KEEP));
    await(log.close(session, KEEP));
    assertThat(await(log.send(session, "student:b", "student", window, 10, msg("b"), KEEP)).outcome())
        .isEqualTo(ChatLog.Outcome.CLOSED);
    // Even a resend of a stored id: the session is over, whatever it was.
    assertThat(await(log.send(session, "student:a", "student", window, 10, msg("a"), KEEP)).outcome())
        .isEqualTo(ChatLog.Outcome.CLOSED);
    Throwable appended = log.append(session, "expert:x", msg("x"), KEEP).toCompletionStage().toCompletableFuture()
        .handle((r, err) -> err).get();
    assertThat(appended).isInstanceOf(ChatLog.Closed.class);
    assertThat(await(log.after(session, 0, 100))).extracting(m -> m.getString("text")).containsExactly("a");
    await(log.delete(session));
    assertThat(await(log.send(session, "student:c", "student", window, 10, msg("c"), KEEP)).outcome())
        .isEqualTo(ChatLog.Outcome.CLOSED);
    assertThat(await(log.after(session, 0, 100))).isEmpty();
  }

  @Test
  @DisplayName("forty concurrent sends, each sent twice, give forty entries numbered 1..40 without gaps")
  void concurrentSends() throws Exception {
    List<Future<ChatLog.Sent>> all = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      all.add(log.send(session, "c" + i, "student", Duration.ofSeconds(5), 100, msg("m" + i), KEEP));
      all.add(log.send(session, "c" + i, "student", Duration.ofSeconds(5), 100, msg("m" + i), KEEP));
    }
    await(Future.all(all));
    assertThat(all.stream().filter(f -> f.result().outcome() == ChatLog.Outcome.STORED)).hasSize(40);
    assertThat(await(log.after(session, 0, 1000))).extracting(m -> m.getLong("seq")).containsExactlyElementsOf(
        java.util.stream.LongStream.rangeClosed(1, 40).boxed().toList());
  }

  @Test
  @DisplayName("forty concurrent appends, each sent twice, give forty entries numbered 1..40 without gaps")
  void concurrentAppends() throws Exception {
    List<Future<ChatLog.Appended>> all = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      all.add(log.append(session, "c" + i, msg("m" + i), KEEP));
      all.add(log.append(session, "c" + i, msg("m" + i), KEEP));
    }
    await(Future.all(all));
    List<JsonObject> stored = await(log.after(session, 0, 1000));
    assertThat(stored).extracting(m -> m.getLong("seq")).containsExactlyElementsOf(
        java.util.stream.LongStream.rangeClosed(1, 40).boxed().toList());
    assertThat(new HashSet<>(stored.stream().map(m -> m.getString("text")).toList())).hasSize(40);
  }

  @Test
  @DisplayName("a limit pages through the log, and delete forgets messages and ids")
  void pagesAndDeletes() throws Exception {
    for (int i = 1; i <= 5; i++) {
      await(log.append(session, "c" + i, msg("m" + i), KEEP));
    }
    assertThat(await(log.after(session, 2, 2))).extracting(m -> m.getLong("seq")).containsExactly(3L, 4L);
    await(log.delete(session));
    assertThat(await(log.after(session, 0, 100))).isEmpty();
    assertThat(await(log.append(session, "c1", msg("again"), KEEP)).seq()).isEqualTo(1);
  }
}
