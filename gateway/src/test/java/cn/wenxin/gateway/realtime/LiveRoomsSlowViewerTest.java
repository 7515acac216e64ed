package cn.wenxin.gateway.realtime;

import cn.wenxin.infra.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A slow viewer over real WebSockets: one client stops reading while a room publishes; the two others receive every
 * update in order, the slow one is dropped from the feed, and once its socket drains it is told {@code live.lagged}.
 */
class LiveRoomsSlowViewerTest {

  @Test
  void aViewerWhoStopsReadingIsDroppedAndTheOthersGetEverything() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      LiveRooms rooms = new LiveRooms(vertx);
      LinkedBlockingQueue<ServerWebSocket> accepted = new LinkedBlockingQueue<>();
      HttpServer server = await(vertx.createHttpServer().webSocketHandler(ws -> {
        ws.setWriteQueueMaxSize(256 * 1024);
        accepted.add(ws);
      }).listen(0, "127.0.0.1"));
      List<List<String>> got = List.of(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>(),
          new CopyOnWriteArrayList<>());
      WebSocket[] clients = new WebSocket[3];
      for (int i = 0; i < 3; i++) {
        int n = i;
        clients[i] = await(vertx.createWebSocketClient().connect(new WebSocketConnectOptions().setHost("127.0.0.1")
            .setPort(server.actualPort()).setURI("/")));
        clients[i].textMessageHandler(t -> got.get(n).add(t));
        ServerWebSocket ws = accepted.poll(10, TimeUnit.SECONDS);
        LiveRooms.Viewer v = await(vertx.getOrCreateContext().<LiveRooms.Viewer>executeBlocking(() -> null)
            .compose(x -> rooms.add("s1", new WebSocketOutlet(ws), "c" + n)));
        rooms.ready(v, false);
      }
      clients[2].pause();  // the slow viewer stops reading

      // Updates at the pace the readers keep (a burst beyond any queue would drop everyone, by design); the stalled
      // reader's socket buffers and queue fill within a few megabytes.
      String pad = "x".repeat(4000);
      int updates = 3000;
      long deadline = System.currentTimeMillis() + 60_000;
      for (int i = 0; i < updates; i++) {
        vertx.eventBus().publish(Addresses.liveRoom("s1"), new JsonObject().put("audience", "all")
            .put("frame", new JsonObject().put("type", "live.chat").put("n", i).put("pad", pad)));
        if (i % 20 == 19) {
          int sent = i + 1;
          while ((got.get(0).size() < sent || got.get(1).size() < sent) && System.currentTimeMillis() < deadline) {
            Thread.sleep(1);
          }
        }
      }
      while ((got.get(0).size() < updates || got.get(1).size() < updates) && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      for (int c = 0; c < 2; c++) {
        assertThat(got.get(c)).as("updates at fast viewer %d", c).hasSize(updates);
        for (int i = 0; i < updates; i++) {
          assertThat(new JsonObject(got.get(c).get(i)).getInteger("n")).isEqualTo(i);
        }
      }
      assertThat(rooms.viewers("s1")).as("viewers still fed").isEqualTo(2);

      clients[2].resume();
      deadline = System.currentTimeMillis() + 30_000;
      while (got.get(2).stream().noneMatch(t -> t.contains("live.lagged")) && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      assertThat(got.get(2)).anyMatch(t -> t.contains("\"live.lagged\""));
      assertThat(got.get(2).size()).as("the slow viewer got less than everything").isLessThan(updates + 1);
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void aViewerTooFarBehindForWhatWasHeldDuringItsSnapshotIsToldToRejoin() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      LiveRooms rooms = new LiveRooms(vertx);
      List<String> written = new CopyOnWriteArrayList<>();
      Runnable[] drained = new Runnable[1];
      boolean[] full = {false};
      LiveOutlet outlet = new LiveOutlet() {
        @Override
        public boolean offer(String encoded) {
          if (full[0]) {
            return false;
          }
          written.add(encoded);
          return true;
        }

        @Override
        public void whenDrained(Runnable action) {
          drained[0] = action;
        }
      };
      LiveRooms.Viewer v = await(vertx.getOrCreateContext().<LiveRooms.Viewer>executeBlocking(() -> null)
          .compose(x -> rooms.add("s2", outlet, "c1")));
      // An update arrives while the snapshot is on its way (held), and the socket is full by the time it is sent.
      vertx.eventBus().publish(Addresses.liveRoom("s2"), new JsonObject().put("audience", "all")
          .put("frame", new JsonObject().put("type", "live.chat").put("n", 1)));
      long deadline = System.currentTimeMillis() + 5_000;
      while (v.held.isEmpty() && System.currentTimeMillis() < deadline) {
        Thread.sleep(10);
      }
      full[0] = true;
      await(vertx.getOrCreateContext().executeBlocking(() -> null).onSuccess(x -> rooms.ready(v, false)));
      assertThat(rooms.viewers("s2")).as("dropped from the feed, not left with a gap").isZero();
      full[0] = false;
      drained[0].run();
      assertThat(written).containsExactly(new JsonObject().put("type", "live.lagged").put("streamId", "s2").encode());
    } finally {
      await(vertx.close());
    }
  }
}
