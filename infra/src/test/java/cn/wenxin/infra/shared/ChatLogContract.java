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
  @DisplayName("admission counts each sender's new messages in the window, and a resend of a stored id is answered "
      + "with its seq without being counted")
  void admissionCountsNewMessagesOnly() throws Exception {
    Duration window = Duration.ofSeconds(5);
    assertThat(await(log.admit(session, "student:a", "student", window))).isEqualTo(new ChatLog.Admission(null, 1));
    long seq = await(log.append(session, "student:a", msg("a"), KEEP)).seq();
    assertThat(await(log.admit(session, "student:a", "student", window))).isEqualTo(new ChatLog.Admission(seq, 0));
    assertThat(await(log.admit(session, "student:b", "student", window))).isEqualTo(new ChatLog.Admission(null, 2));
    assertThat(await(log.admit(session, "expert:c", "expert", window))).isEqualTo(new ChatLog.Admission(null, 1));
    // An id that was admitted but never stored (the send failed) is counted again when it comes back.
    assertThat(await(log.admit(session, "student:b", "student", window))).isEqualTo(new ChatLog.Admission(null, 3));
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
