package cn.wenxin.gateway.api;

import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.shared.SharedState;
import cn.wenxin.infra.shared.SignInEnds;
import cn.wenxin.infra.testing.TestConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A node's copy of the ended sign-ins: loaded before use, read on from the shared log, pruned")
class EndedSignInsTest {

  private static final Duration LIFETIME = Duration.ofMinutes(15);
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    await(vertx.close());
  }

  private SharedState redis() {
    SharedState s = await(SharedState.of(vertx, WenxinConfig.from(TestConfig.fresh()).storage()));
    assertThat(s.backend()).as("tests need the real Redis").isEqualTo("redis");
    return s;
  }

  @Test
  @DisplayName("ends already in Redis are loaded; one written later without any pub/sub message is read on")
  void loadsAndReadsOn() {
    SharedState shared = redis();
    await(shared.signInEnds().add("before-start", LIFETIME));
    EndedSignIns copy = new EndedSignIns(shared.signInEnds(), LIFETIME, () -> true);
    assertThat(copy.loaded()).isFalse();
    await(copy.reconcile());
    assertThat(copy.loaded()).isTrue();
    assertThat(copy.refuses("before-start")).isTrue();
    assertThat(copy.refuses("later")).isFalse();
    await(shared.signInEnds().add("later", LIFETIME));
    await(copy.reconcile());
    assertThat(copy.refuses("later")).isTrue();
    assertThat(copy.refuses("never")).isFalse();
  }

  @Test
  @DisplayName("more ends than one page are all read, in pages")
  void readsEveryPage() {
    SharedState shared = redis();
    for (int batch = 0; batch < 2_500; batch += 250) {
      List<Future<Void>> adds = new java.util.ArrayList<>();
      for (int i = batch; i < batch + 250; i++) {
        adds.add(shared.signInEnds().add("s-" + i, LIFETIME));
      }
      await(Future.all(adds));
    }
    await(shared.signInEnds().add("last", LIFETIME));
    EndedSignIns copy = new EndedSignIns(shared.signInEnds(), LIFETIME, () -> true);
    await(copy.reconcile());
    assertThat(List.of("s-0", "s-999", "s-1000", "s-2499", "last")).allSatisfy(s -> assertThat(copy.refuses(s)).isTrue());
  }

  @Test
  @DisplayName("while the log cannot be read the copy stays closed; once it can, it opens; a failure later keeps what it has")
  void closedUntilLoaded() {
    AtomicBoolean down = new AtomicBoolean(true);
    SignInEnds flaky = new SignInEnds() {
      @Override
      public Future<Void> add(String sessionId, Duration refuseFor) {
        return Future.succeededFuture();
      }

      @Override
      public Future<Page> after(String cursor, int max) {
        return down.get() ? Future.failedFuture(new java.net.ConnectException("Connection refused"))
            : Future.succeededFuture(new Page(List.of(new Ended("old", System.currentTimeMillis() + 60_000)), "1"));
      }
    };
    EndedSignIns copy = new EndedSignIns(flaky, LIFETIME, () -> true);
    copy.reconcile();
    assertThat(copy.loaded()).isFalse();
    down.set(false);
    await(copy.reconcile());
    assertThat(copy.loaded()).isTrue();
    down.set(true);
    copy.end("while-down");
    copy.reconcile();
    assertThat(copy.loaded()).isTrue();
    assertThat(copy.refuses("old")).isTrue();
    assertThat(copy.refuses("while-down")).isTrue();
  }

  @Test
  @DisplayName("a node of a cluster on in-process state (no Redis) does not count its own log as loaded")
  void partialLogIsNotLoaded() {
    EndedSignIns copy = new EndedSignIns(SharedState.local(vertx).signInEnds(), LIFETIME, () -> false);
    await(copy.reconcile());
    assertThat(copy.loaded()).isFalse();
  }

  @Test
  @DisplayName("an end is forgotten once every token of its sign-in has expired")
  void pruned() {
    SignInEnds expired = new SignInEnds() {
      @Override
      public Future<Void> add(String sessionId, Duration refuseFor) {
        return Future.succeededFuture();
      }

      @Override
      public Future<Page> after(String cursor, int max) {
        long now = System.currentTimeMillis();
        return Future.succeededFuture(new Page(List.of(new Ended("long-gone", now - Duration.ofMinutes(2).toMillis()),
            new Ended("just-now", now - 1_000)), "1"));
      }
    };
    EndedSignIns copy = new EndedSignIns(expired, LIFETIME, () -> true);
    await(copy.reconcile());
    assertThat(copy.refuses("long-gone")).isFalse();
    assertThat(copy.refuses("just-now")).as("kept a while past its time, for clock skew").isTrue();
  }
}
