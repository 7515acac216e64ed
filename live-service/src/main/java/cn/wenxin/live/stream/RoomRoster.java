package cn.wenxin.live.stream;

import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.shared.Rosters;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Who is in a livestream room, shared by every live-service node (Redis through {@link Rosters}; in process on a
 * node without Redis). Each tab that joined is an entry its gateway keeps alive ({@link #refresh}); a node that dies
 * stops refreshing and its entries expire after {@link #CONNECTION_TTL}. Per person, since when they have been
 * watching live is one entry, taken once (by the leave of their last tab, the stream's end, or the sweep that finds
 * them gone), so a stretch of watch time is written once whichever node sees it end.
 */
final class RoomRoster {

  /** The gateway refreshes its connections every {@link #REFRESH_EVERY}; three missed refreshes and they are gone. */
  static final Duration CONNECTION_TTL = Duration.ofSeconds(30);
  static final Duration REFRESH_EVERY = Duration.ofSeconds(10);
  private static final Duration WATCH_TTL = Duration.ofHours(12);
  private static final Duration ROOM_TTL = Duration.ofMinutes(2);
  private static final String ROOMS = "live-rooms";
  private static final Duration ACTIVE_EVERY = Duration.ofSeconds(20);

  private final Rosters rosters;
  private final Duration connectionTtl;
  /** When this node last marked each room active (the verticle's event loop only). */
  private final Map<String, Long> activeAt = new HashMap<>();

  RoomRoster(Rosters rosters) {
    this(rosters, CONNECTION_TTL);
  }

  /** {@code connectionTtl}: shorter in tests, to see a dead node's tabs expire. */
  RoomRoster(Rosters rosters, Duration connectionTtl) {
    this.rosters = rosters;
    this.connectionTtl = connectionTtl;
  }

  private static String connKey(String streamId) {
    return "live-conns:" + streamId;
  }

  private static String watchKey(String streamId) {
    return "live-watch:" + streamId;
  }

  private static String seatKey(String streamId) {
    return "live-p2p:" + streamId;
  }

  private static String reactKey(String streamId) {
    return "live-reactions:" + streamId;
  }

  private static String peopleKey(String streamId) {
    return "live-people:" + streamId;
  }

  /**
   * A tab joined: its entry names the person (who they are is kept once per person). The writes go out together;
   * a join's latency is a round trip, not three.
   */
  Future<Void> enter(String streamId, String connection, Principal who) {
    return Future.all(rosters.put(peopleKey(streamId), Map.of(who.id(), who.toJson().encode()), WATCH_TTL),
        rosters.put(connKey(streamId), Map.of(connection, who.id()), connectionTtl), active(streamId)).mapEmpty();
  }

  /** The gateway's connections in a room are still open. */
  Future<Void> refresh(String streamId, Collection<String> live) {
    return rosters.touch(connKey(streamId), live, connectionTtl)
        .compose(v -> rosters.touch(seatKey(streamId), live, connectionTtl))
        .compose(v -> active(streamId));
  }

  /**
   * The room stays on every node's list while anything happens in it (so its counts are published). Written at most
   * every {@link #ACTIVE_EVERY} by this node: a class arriving at once costs one write, not one per viewer.
   */
  Future<Void> active(String streamId) {
    long now = System.currentTimeMillis();
    Long last = activeAt.get(streamId);
    if (last != null && now - last < ACTIVE_EVERY.toMillis()) {
      return Future.succeededFuture();
    }
    activeAt.put(streamId, now);
    if (activeAt.size() > 10_000) {
      activeAt.values().removeIf(t -> now - t >= ACTIVE_EVERY.toMillis());
    }
    return rosters.put(ROOMS, Map.of(streamId, "1"), ROOM_TTL);
  }

  /** Removes the tab; answers whose it was, or null when it was no longer there. */
  Future<String> leave(String streamId, String connection) {
    Future<String> userId = rosters.take(connKey(streamId), connection);
    return Future.all(userId, rosters.take(seatKey(streamId), connection), active(streamId))
        .map(x -> userId.result());
  }

  /** Whether the person still has a tab in the room, on any node. */
  Future<Boolean> present(String streamId, String userId) {
    return rosters.countValue(connKey(streamId), userId).map(n -> n > 0);
  }

  /** connection -> userId, the live ones. */
  Future<Map<String, String>> connections(String streamId) {
    return rosters.live(connKey(streamId));
  }

  /** The people with a live tab in the room: userId -> who. */
  Future<Map<String, Principal>> people(String streamId) {
    return connections(streamId).compose(tabs -> {
      Set<String> here = new java.util.HashSet<>(tabs.values());
      return rosters.live(peopleKey(streamId)).map(known -> {
        Map<String, Principal> out = new HashMap<>();
        known.forEach((userId, p) -> {
          if (here.contains(userId)) {
            out.put(userId, Principal.fromJson(new JsonObject(p)));
          }
        });
        return out;
      });
    });
  }

  /** Starts the person's stretch of live watching unless one is running (a second tab, another node). */
  Future<Void> startWatching(String streamId, Principal who, long now) {
    JsonObject value = new JsonObject().put("since", now).put("who", who.toJson());
    return rosters.join(watchKey(streamId), who.id(), value.encode(), WATCH_TTL, Integer.MAX_VALUE).mapEmpty();
  }

  /** Ends the person's stretch: {since, who} to this caller only, or null when none runs (or another took it). */
  Future<JsonObject> stopWatching(String streamId, String userId) {
    return rosters.take(watchKey(streamId), userId).map(v -> v == null ? null : new JsonObject(v));
  }

  /** userId -> {since, who}. */
  Future<Map<String, JsonObject>> watchers(String streamId) {
    return rosters.live(watchKey(streamId)).map(m -> {
      Map<String, JsonObject> out = new HashMap<>();
      m.forEach((u, v) -> out.put(u, new JsonObject(v)));
      return out;
    });
  }

  /** A seat for the host's camera peer to peer: true when the connection has one (at most {@code cap}). */
  Future<Boolean> seat(String streamId, String connection, int cap) {
    return rosters.join(seatKey(streamId), connection, "1", connectionTtl, cap);
  }

  Future<Void> react(String streamId, String kind) {
    return rosters.count(reactKey(streamId), kind, 1, Duration.ofDays(2)).compose(n -> active(streamId));
  }

  Future<Map<String, Long>> reactions(String streamId) {
    return rosters.tally(reactKey(streamId));
  }

  Future<Set<String>> activeRooms() {
    return rosters.live(ROOMS).map(Map::keySet);
  }
}
