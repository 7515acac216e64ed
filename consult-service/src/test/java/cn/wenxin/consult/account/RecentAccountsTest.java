package cn.wenxin.consult.account;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class RecentAccountsTest {

  private final Vertx vertx = Vertx.vertx();
  private final RecentAccounts recent = RecentAccounts.of(vertx);
  private final AtomicInteger reads = new AtomicInteger();

  @AfterEach
  void close() {
    vertx.close();
  }

  private Future<JsonObject> read(String name) {
    reads.incrementAndGet();
    return Future.succeededFuture(new JsonObject().put("_id", "s1").put("displayName", name));
  }

  @Test
  @DisplayName("a second /me read within the window is answered from memory, as a copy")
  void remembers() {
    JsonObject first = recent.byId("s1", () -> read("A")).result();
    first.put("displayName", "changed by a caller");
    JsonObject second = recent.byId("s1", () -> read("B")).result();
    assertThat(reads).hasValue(1);
    assertThat(second.getString("displayName")).isEqualTo("A");
  }

  @Test
  @DisplayName("a change to the account on this node is seen by the very next read")
  void changeForgets() {
    recent.byId("s1", () -> read("A"));
    recent.changed("s1");
    assertThat(recent.byId("s1", () -> read("B")).result().getString("displayName")).isEqualTo("B");
    assertThat(reads).hasValue(2);
  }

  @Test
  @DisplayName("a read that was under way when a change landed is not remembered")
  void inFlightReadNotKept() {
    Promise<JsonObject> slow = Promise.promise();
    Future<JsonObject> inFlight = recent.byId("s1", () -> {
      reads.incrementAndGet();
      return slow.future();
    });
    recent.changed("s1");
    slow.complete(new JsonObject().put("displayName", "before the change"));
    assertThat(inFlight.result().getString("displayName")).isEqualTo("before the change");
    assertThat(recent.byId("s1", () -> read("after")).result().getString("displayName")).isEqualTo("after");
    recent.allChanged();
    assertThat(recent.byId("s1", () -> read("after a sweep")).result().getString("displayName"))
        .isEqualTo("after a sweep");
  }

  @Test
  @DisplayName("an account that does not exist is not remembered")
  void missingNotKept() {
    recent.byId("gone", () -> Future.succeededFuture(null));
    assertThat(recent.byId("gone", () -> read("back")).result()).isNotNull();
  }
}
