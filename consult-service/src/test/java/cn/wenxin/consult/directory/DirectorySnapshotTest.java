package cn.wenxin.consult.directory;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class DirectorySnapshotTest {

  private final Vertx vertx = Vertx.vertx();
  private final DirectorySnapshot snapshot = DirectorySnapshot.of(vertx);
  private final AtomicInteger loads = new AtomicInteger();

  @AfterEach
  void close() {
    vertx.close();
  }

  private Future<DirectorySnapshot.View> load(String name) {
    loads.incrementAndGet();
    return Future.succeededFuture(new DirectorySnapshot.View(List.of(new JsonObject().put("name", name)), Map.of()));
  }

  private static String name(Future<DirectorySnapshot.View> f) {
    return f.result().experts().get(0).getString("name");
  }

  @Test
  @DisplayName("searches within the window share one load; a change on this node is seen by the next search")
  void keepsUntilChanged() {
    assertThat(name(snapshot.get(() -> load("A")))).isEqualTo("A");
    assertThat(name(snapshot.get(() -> load("B")))).isEqualTo("A");
    assertThat(loads).hasValue(1);
    snapshot.changed();
    assertThat(name(snapshot.get(() -> load("C")))).isEqualTo("C");
    assertThat(loads).hasValue(2);
  }

  @Test
  @DisplayName("a load under way when a change lands serves the searches that joined it, and is then forgotten")
  void loadDuringChangeNotKept() {
    Promise<DirectorySnapshot.View> slow = Promise.promise();
    Future<DirectorySnapshot.View> first = snapshot.get(slow::future);
    Future<DirectorySnapshot.View> joined = snapshot.get(() -> load("never"));
    snapshot.changed();
    slow.complete(new DirectorySnapshot.View(List.of(new JsonObject().put("name", "old")), Map.of()));
    assertThat(name(first)).isEqualTo("old");
    assertThat(name(joined)).isEqualTo("old");
    assertThat(name(snapshot.get(() -> load("new")))).isEqualTo("new");
  }

  @Test
  @DisplayName("a failed load is not kept")
  void failureNotKept() {
    assertThat(snapshot.get(() -> Future.failedFuture("down")).failed()).isTrue();
    assertThat(name(snapshot.get(() -> load("back")))).isEqualTo("back");
  }
}
