package cn.wenxin.gateway.realtime;

import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceClient;
import cn.wenxin.infra.bus.ServiceRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The livestream rooms of one gateway instance: one event-bus subscription per room, however many viewers it has
 * here, and each update encoded to text once and written to every viewer. A viewer whose socket is not keeping up
 * is dropped from the live feed (the others are not slowed); once its queue drains it is told {@code live.lagged}
 * and rejoins from a fresh snapshot. Every {@link #REFRESH_MS} it tells the live service which of its connections
 * are still in each room: the service counts a connection only while its gateway keeps it alive, so the viewers of
 * a node that died drop out of "N watching" by themselves.
 */
final class LiveRooms {

  /** A third of the service's connection expiry (RoomRoster.CONNECTION_TTL, 30 s): two lost refreshes are fine. */
  static final long REFRESH_MS = 10_000;
  private static final Logger log = LoggerFactory.getLogger(LiveRooms.class);

  private final Vertx vertx;
  private final Map<String, Feed> feeds = new HashMap<>();

  LiveRooms(Vertx vertx) {
    this.vertx = vertx;
    ServiceClient services = new ServiceClient(vertx);
    vertx.setPeriodic(REFRESH_MS, id -> {
      if (feeds.isEmpty()) {
        return;
      }
      JsonObject rooms = new JsonObject();
      feeds.forEach((streamId, feed) -> rooms.put(streamId, new JsonArray(List.copyOf(feed.viewers.keySet()))));
      services.ask(Addresses.LIVESTREAMS, "roomHeartbeat", ServiceRequest.of(null, new JsonObject(),
              new JsonObject().put("rooms", rooms)))
          .onFailure(err -> log.warn("Livestream rooms not refreshed: {}", err.toString()));
    });
  }

  /** A viewer of one room on this node. Until its snapshot is sent, updates are held for it in order. */
  static final class Viewer {
    final LiveOutlet session;
    final String connection;
    boolean host;
    List<String[]> held = new ArrayList<>();

    Viewer(LiveOutlet session, String connection) {
      this.session = session;
      this.connection = connection;
    }

    boolean wants(String audience) {
      return "all".equals(audience) || ("hosts".equals(audience) && host)
          || audience.equals("conn:" + connection);
    }
  }

  private final class Feed {
    final String streamId;
    final Map<String, Viewer> viewers = new LinkedHashMap<>();
    final MessageConsumer<JsonObject> consumer;

    Feed(String streamId) {
      this.streamId = streamId;
      this.consumer = vertx.eventBus().consumer(Addresses.liveRoom(streamId), m -> deliver(m.body()));
    }

    void deliver(JsonObject update) {
      String audience = update.getString("audience", "all");
      String encoded = update.getJsonObject("frame").encode();  // once, for every viewer
      List<Viewer> slow = null;
      for (Viewer v : viewers.values()) {
        if (v.held != null) {
          v.held.add(new String[] {audience, encoded});
        } else if (v.wants(audience) && !v.session.offer(encoded)) {
          slow = slow == null ? new ArrayList<>() : slow;
          slow.add(v);
        }
      }
      if (slow != null) {
        slow.forEach(this::drop);
      }
    }

    void drop(Viewer v) {
      viewers.remove(v.connection);
      String lagged = new JsonObject().put("type", "live.lagged").put("streamId", streamId).encode();
      v.session.whenDrained(() -> v.session.offer(lagged));
      closeIfEmpty();
    }

    void closeIfEmpty() {
      if (viewers.isEmpty()) {
        consumer.unregister();
        feeds.remove(streamId, this);
      }
    }
  }

  /** Subscribes the viewer (holding updates for it) and answers once this node receives the room's updates. */
  Future<Viewer> add(String streamId, LiveOutlet session, String connection) {
    Feed feed = feeds.computeIfAbsent(streamId, Feed::new);
    Viewer v = new Viewer(session, connection);
    feed.viewers.put(connection, v);
    return feed.consumer.completion().map(x -> v);
  }

  /**
   * The snapshot was sent: what arrived meanwhile follows it, then live updates flow directly. A socket already
   * too far behind to take what was held is dropped at once (told to rejoin), not left with a silent gap.
   */
  void ready(Viewer v, boolean host) {
    v.host = host;
    List<String[]> held = v.held;
    v.held = null;
    for (String[] h : held) {
      if (v.wants(h[0]) && !v.session.offer(h[1])) {
        feeds.values().stream().filter(f -> f.viewers.get(v.connection) == v).findFirst()
            .ifPresent(f -> f.drop(v));
        return;
      }
    }
  }

  void remove(String streamId, String connection) {
    Feed feed = feeds.get(streamId);
    if (feed != null && feed.viewers.remove(connection) != null) {
      feed.closeIfEmpty();
    }
  }

  /** Viewers on this node (tests and metrics). */
  int viewers(String streamId) {
    Feed feed = feeds.get(streamId);
    return feed == null ? 0 : feed.viewers.size();
  }
}
