package cn.wenxin.live.stream;

import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.security.Principal;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a person sees a livestream's video. With Jitsi configured: a room token (../shared/jitsi.md rules: typ JWT,
 * nbf backdated, every context value a string, features always sent) — the host as owner and moderator with
 * {@code livestreaming} on, viewers as muted participants, or as Jitsi visitors ({@code context.user.role:
 * "visitor"}) when the expected audience reaches {@code WENXIN_LIVE_VISITORS_FROM}. Without Jitsi: peer to peer,
 * the host's camera to at most {@link StreamVerticle#P2P_VIEWERS} viewers over the room's signalling.
 */
final class LiveVideo {

  private static final Duration BACKDATE = Duration.ofSeconds(30);
  private static final Duration VALID = Duration.ofHours(4);

  private final WenxinConfig.Jitsi jitsi;
  private final WenxinConfig.Live live;
  private final String iceServers;
  private final PrivateKey rsaKey;

  LiveVideo(WenxinConfig config, WenxinConfig.Live live) {
    this.jitsi = config.sessions().jitsi();
    this.live = live;
    this.iceServers = config.sessions().iceServers();
    this.rsaKey = jitsi.enabled() && jitsi.jaas() ? rsa(jitsi.privateKey()) : null;
  }

  JsonObject forCaller(JsonObject stream, Principal me, boolean host) {
    if (!jitsi.enabled()) {
      return new JsonObject().put("provider", "p2p").put("role", host ? "host" : "viewer")
          .put("maxViewers", StreamVerticle.P2P_VIEWERS).put("iceServers", new JsonArray(iceServers));
    }
    String room = "wenxin-live-" + stream.getString("_id").toLowerCase();
    boolean visitor = !host && stream.getInteger("expectedAudience", 0) >= live.visitorsFrom();
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
    Map<String, Object> user = new LinkedHashMap<>();
    // Viewers are not named to the video room: an opaque id per token, a role label for a name.
    user.put("id", host ? me.id() : "v-" + java.util.UUID.randomUUID());
    user.put("name", host ? String.valueOf(me.displayName()) : "观众");
    user.put("avatar", "");
    user.put("email", "");
    user.put("moderator", Boolean.toString(host));
    user.put("affiliation", host ? "owner" : "member");
    if (visitor) {
      user.put("role", "visitor");
    }
    Map<String, Object> features = new LinkedHashMap<>();
    features.put("livestreaming", Boolean.toString(host));
    for (String f : new String[] {"recording", "transcription", "outbound-call", "sip-outbound-call"}) {
      features.put(f, "false");
    }
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("user", user);
    context.put("features", features);
    JwtBuilder b = Jwts.builder()
        .issuer(jitsi.jaas() ? "chat" : jitsi.appId())
        .audience().single(jitsi.audience())
        .subject(jitsi.subject())
        .issuedAt(Date.from(now))
        .notBefore(Date.from(now.minus(BACKDATE)))
        .expiration(Date.from(now.plus(VALID)))
        .claim("room", room)
        .claim("context", context);
    if (jitsi.jaas()) {
      return b.header().type("JWT").keyId(jitsi.tenant() + "/" + jitsi.keyId()).and()
          .signWith(rsaKey, Jwts.SIG.RS256).compact();
    }
    return b.header().type("JWT").and()
        .signWith(new SecretKeySpec(jitsi.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"), Jwts.SIG.HS256)
        .compact();
  }

  private static PrivateKey rsa(String pem) {
    String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (Exception e) {
      throw new IllegalArgumentException("WENXIN_JITSI_PRIVATE_KEY is not a PKCS#8 PEM RSA private key", e);
    }
  }
}
