package cn.wenxin.consult.session;

import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.security.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * How the two people of a session see each other. Jitsi when configured: a token for this room, this person,
 * this window. Otherwise peer to peer: the ICE servers, and the signals travel over the session's channel.
 * The student gets a way in only once admitted; the expert from the window's opening.
 */
final class VideoDesk {

  private final ChatDesk chat;
  private final WenxinConfig.Sessions config;
  private final JitsiTokens jitsi;

  VideoDesk(ChatDesk chat, WenxinConfig.Sessions config) {
    this.chat = chat;
    this.config = config;
    this.jitsi = config.jitsi().enabled() ? new JitsiTokens(config.jitsi()) : null;
  }

  Future<JsonObject> join(Principal me, String sessionId) {
    return chat.party(me, sessionId).compose(p -> {
      JsonObject s = p.session();
      SessionState state = SessionViews.state(s);
      Instant now = Instant.now();
      if (state.terminal()) {
        return Future.failedFuture(SessionLifecycle.notNow(state));
      }
      if (!SessionViews.inWindow(s, now)) {
        return Future.failedFuture(ChatDesk.refusal(422, "outside_window", "Video opens at " + s.getString("opensAt")));
      }
      if (p.side() == Side.STUDENT && state != SessionState.ACTIVE) {
        return Future.failedFuture(ChatDesk.refusal(409, "not_admitted", "The expert has not let you in yet"));
      }
      return Future.succeededFuture(jitsi == null ? peerToPeer() : jitsi(s, p.side(), now));
    });
  }

  private JsonObject peerToPeer() {
    JsonArray ice;
    try {
      ice = new JsonArray(config.iceServers());
    } catch (RuntimeException e) {
      throw new ProblemException(500, "Misconfigured", "WENXIN_ICE_SERVERS is not a JSON array");
    }
    return new JsonObject().put("provider", "p2p").put("iceServers", ice);
  }

  private JsonObject jitsi(JsonObject s, Side side, Instant now) {
    WenxinConfig.Jitsi j = config.jitsi();
    String userId = side == Side.STUDENT ? s.getString("participantId") : s.getString("expertId");
    String name = side == Side.STUDENT ? s.getString("studentLabel") : s.getString("expertLabel");
    Instant closes = Instant.parse(s.getString("closesAt"));
    String token = jitsi.mint(s.getString("room"), side, userId, name, Instant.parse(s.getString("opensAt")),
        closes, now);
    String tenant = j.jaas() ? j.tenant() : "";
    String path = tenant.isEmpty() ? "" : tenant + "/";
    return new JsonObject().put("provider", "jitsi").put("token", token).put("room", s.getString("room"))
        .put("appId", j.jaas() ? tenant : j.appId()).put("domain", j.domain()).put("libraryUrl", j.libraryUrl())
        .put("serviceUrl", "wss://" + j.domain() + "/" + path + "xmpp-websocket")
        .put("muc", "conference." + (tenant.isEmpty() ? "" : tenant + ".") + j.domain())
        .put("displayName", name).put("moderator", side == Side.EXPERT).put("expiresAt", closes.toString());
  }
}
