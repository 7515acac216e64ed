package cn.wenxin.live.stream;

import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.security.JitsiRoomTokens;
import cn.wenxin.infra.security.Principal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * How a person sees a livestream's video. With Jitsi configured: a room token (../shared/jitsi.md rules: typ JWT,
 * nbf backdated, every context value a string, features always sent) — the host as owner and moderator with
 * {@code livestreaming} on, viewers as muted participants, or as Jitsi visitors ({@code context.user.role:
 * "visitor"}) when the people in the room when they ask reach {@code WENXIN_LIVE_VISITORS_FROM} (a full room's
 * later viewers watch without joining the conference; the host is always a moderator). Without Jitsi: peer to peer,
 * the host's camera to at most {@link StreamVerticle#P2P_VIEWERS} viewers over the room's signalling.
 */
final class LiveVideo {

  private static final Duration VALID = Duration.ofHours(4);

  private final WenxinConfig.Jitsi jitsi;
  private final WenxinConfig.Live live;
  private final String iceServers;
  private final JitsiRoomTokens tokens;

  LiveVideo(WenxinConfig config, WenxinConfig.Live live) {
    this.jitsi = config.sessions().jitsi();
    this.live = live;
    this.iceServers = config.sessions().iceServers();
    this.tokens = new JitsiRoomTokens(jitsi);
  }

  /** {@code watching}: distinct people in the room now, across nodes. */
  JsonObject forCaller(JsonObject stream, Principal me, boolean host, int watching) {
    if (!jitsi.enabled()) {
      return new JsonObject().put("provider", "p2p").put("role", host ? "host" : "viewer")
          .put("maxViewers", StreamVerticle.P2P_VIEWERS).put("iceServers", new JsonArray(iceServers));
    }
    String room = "wenxin-live-" + stream.getString("_id").toLowerCase();
    boolean visitor = !host && watching >= live.visitorsFrom();
    String tenant = jitsi.jaas() ? jitsi.tenant() : "";
    String path = tenant.isEmpty() ? "" : tenant + "/";
    return new JsonObject().put("provider", "jitsi").put("role", host ? "host" : visitor ? "visitor" : "viewer")
        .put("token", mint(room, me, host, visitor, Instant.now())).put("room", room)
        .put("appId", jitsi.jaas() ? tenant : jitsi.appId()).put("domain", jitsi.domain())
        .put("libraryUrl", jitsi.libraryUrl())
        .put("serviceUrl", "wss://" + jitsi.domain() + "/" + path + "xmpp-websocket")
        .put("muc", "conference." + (tenant.isEmpty() ? "" : tenant + ".") + jitsi.domain());
  }

  String mint(String room, Principal me, boolean host, boolean visitor, Instant now) {
    // Viewers are not named to the video room: an opaque id per token, a role label for a name.
    Map<String, Object> user = JitsiRoomTokens.user(host ? me.id() : "v-" + java.util.UUID.randomUUID(),
        host ? String.valueOf(me.displayName()) : "观众", host);
    if (visitor) {
      user.put("role", "visitor");
    }
    return tokens.sign(room, user, JitsiRoomTokens.features(host), now, now, now.plus(VALID));
  }
}
