package cn.wenxin.live.stream;

import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.security.Role;
import cn.wenxin.infra.shared.SharedState;
import cn.wenxin.infra.testing.TestConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes (two Vert.x instances on the real Redis, one namespace) share one room: the count is the people on
 * both, a running stretch of watch time survives a tab on the other node, the tabs of a node that stops refreshing
 * expire by themselves, and a stretch taken by two nodes at once goes to one of them.
 */
class RoomRosterTest {

  private static final Principal PARENT = new Principal("par-001", Role.PARENT, false, "张三", "s1", "t1", 0);
  private static final Principal STUDENT = new Principal("stu-001", Role.STUDENT, false, "李四", "s2", "t2", 0);
  private final Vertx vertxA = Vertx.vertx();
  private final Vertx vertxB = Vertx.vertx();

  @AfterEach
  void stop() throws Exception {
    await(vertxA.close());
    await(vertxB.close());
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aRoomSpreadOverTwoNodes() throws Exception {
    WenxinConfig.Storage storage = WenxinConfig.from(TestConfig.fresh()).storage();
    SharedState stateA = await(SharedState.of(vertxA, storage));
    SharedState stateB = await(SharedState.of(vertxB, storage));
    // A cold, busy machine may miss the first 2 s ping; the state moves onto Redis once it answers.
    long deadline = System.currentTimeMillis() + 20_000;
    while ((!"redis".equals(stateA.backend()) || !"redis".equals(stateB.backend()))
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
    }
    assertThat(stateA.backend()).isEqualTo("redis");
    assertThat(stateB.backend()).isEqualTo("redis");
    Duration ttl = Duration.ofMillis(1500);
    RoomRoster a = new RoomRoster(stateA.rosters(), ttl);
    RoomRoster b = new RoomRoster(stateB.rosters(), ttl);
    String room = "ls-" + java.util.UUID.randomUUID();

    await(a.enter(room, "a1", PARENT));
    await(b.enter(room, "b1", PARENT));
    await(b.enter(room, "b2", STUDENT));
    assertThat(await(a.people(room)).keySet()).containsExactlyInAnyOrder("par-001", "stu-001");
    assertThat(await(b.activeRooms())).contains(room);

    long t0 = System.currentTimeMillis();
    await(a.startWatching(room, PARENT, t0));
    await(b.startWatching(room, PARENT, t0 + 5_000));   // the second tab keeps the stretch that runs
    await(b.startWatching(room, STUDENT, t0));
    assertThat(await(b.watchers(room)).get("par-001").getLong("since")).isEqualTo(t0);

    // The parent's tab on B leaves: the parent is still in the room through A.
    assertThat(await(b.leave(room, "b1"))).isEqualTo("par-001");
    assertThat(await(b.leave(room, "b1"))).as("a second leave of the same tab finds nothing").isNull();
    assertThat(await(b.present(room, "par-001"))).isTrue();

    // Node B dies: only A keeps its tabs alive. B's student drops out by itself.
    for (int i = 0; i < 4; i++) {
      Thread.sleep(500);
      await(a.refresh(room, List.of("a1")));
    }
    assertThat(await(a.present(room, "stu-001"))).isFalse();
    assertThat(await(a.people(room)).keySet()).containsExactly("par-001");

    // The student's stretch, taken by both nodes at once (two sweeps): one of them gets it.
    Future<JsonObject> takeA = a.stopWatching(room, "stu-001");
    Future<JsonObject> takeB = b.stopWatching(room, "stu-001");
    await(Future.join(takeA, takeB).otherwiseEmpty());
    assertThat(java.util.stream.Stream.of(takeA.result(), takeB.result()).filter(java.util.Objects::nonNull))
        .singleElement().satisfies(w -> {
          assertThat(w.getLong("since")).isEqualTo(t0);
          assertThat(Principal.fromJson(w.getJsonObject("who")).role()).isEqualTo(Role.STUDENT);
        });
  }
}
