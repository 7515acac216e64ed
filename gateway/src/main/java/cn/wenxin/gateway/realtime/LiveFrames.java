package cn.wenxin.gateway.realtime;

import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceClient;
import cn.wenxin.infra.bus.ServiceRequest;
import cn.wenxin.infra.error.ProblemException;
import io.vertx.core.json.JsonObject;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * The {@code live.*} frames of one connection (docs/realtime.md, "Livestreams"): joining a room answers a snapshot
 * ({@code live.joined}) and then the room's updates; leaving, or the socket closing, ends this tab's watch time.
 */
final class LiveFrames {

  private final RealtimeSession session;
  private final LiveRooms rooms;
  private final ServiceClient services;
  /** This connection's name in every room it joins: the service counts viewers and routes video signals by it. */
  private final String connection = UUID.randomUUID().toString();
  private final Set<String> joined = new HashSet<>();

  LiveFrames(RealtimeSession session, LiveRooms rooms, ServiceClient services) {
    this.session = session;
    this.rooms = rooms;
    this.services = services;
  }

  void handle(JsonObject frame) {
    String type = frame.getString("type");
    if (!(frame.getValue("streamId") instanceof String streamId) || streamId.isEmpty() || streamId.length() > 64) {
      error(type, null, "bad_message", "streamId (a string) is required");
      return;
    }
    switch (type) {
      case "live.join" -> join(streamId);
      case "live.leave" -> leave(streamId);
      default -> signal(streamId, frame);
    }
  }

  private void join(String streamId) {
    rooms.remove(streamId, connection);
    joined.add(streamId);
    rooms.add(streamId, session, connection)
        .compose(viewer -> ask("joinRoom", new JsonObject().put("streamId", streamId).put("connection", connection))
            .onSuccess(snapshot -> {
              session.send(snapshot.put("type", "live.joined").put("streamId", streamId)
                  .put("connection", connection));
              rooms.ready(viewer, snapshot.getBoolean("host", false));
            }))
        .onFailure(err -> {
          rooms.remove(streamId, connection);
          joined.remove(streamId);
          error("live.join", streamId, err);
        });
  }

  private void leave(String streamId) {
    rooms.remove(streamId, connection);
    if (joined.remove(streamId)) {
      ask("leaveRoom", new JsonObject().put("streamId", streamId).put("connection", connection));
    }
  }

  private void signal(String streamId, JsonObject frame) {
    if (!joined.contains(streamId) || !(frame.getValue("signal") instanceof JsonObject signal)) {
      error("live.rtc", streamId, "bad_message", "Join the room first; live.rtc needs a signal object");
      return;
    }
    JsonObject body = new JsonObject().put("streamId", streamId).put("connection", connection).put("signal", signal);
    if (frame.getValue("to") instanceof String to) {
      body.put("to", to);
    }
    ask("relaySignal", body).onFailure(err -> error("live.rtc", streamId, err));
  }

  private io.vertx.core.Future<JsonObject> ask(String action, JsonObject body) {
    return services.ask(Addresses.LIVESTREAMS, action, ServiceRequest.of(session.principal(), new JsonObject(), body));
  }

  private void error(String ref, String streamId, Throwable err) {
    if (err instanceof ProblemException p) {
      error(ref, streamId, p.code() != null ? p.code() : p.status() == 404 ? "not_found" : "refused", p.detail());
    } else {
      error(ref, streamId, "unavailable", "Try again in a moment");
    }
  }

  private void error(String ref, String streamId, String code, String detail) {
    JsonObject e = new JsonObject().put("type", "error").put("code", code).put("detail", detail).put("ref", ref);
    if (streamId != null) {
      e.put("streamId", streamId);
    }
    session.send(e);
  }

  void close() {
    for (String streamId : Set.copyOf(joined)) {
      leave(streamId);
    }
  }
}
