package cn.wenxin.consult.session;

import cn.wenxin.infra.config.WenxinConfig;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;

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
 * Jitsi room tokens, exactly as ../shared/jitsi.md says Prosody (HS256 with {@code typ}) and JaaS (RS256 with
 * {@code kid}) check them: {@code nbf} backdated for clocks without skew tolerance, every context value a string,
 * features present with recording, livestreaming and transcription off, the expert as owner and moderator.
 */
final class JitsiTokens {

  /** Prosody allows no clock skew: a token minted now must already be valid on a server a little behind. */
  static final Duration BACKDATE = Duration.ofSeconds(30);

  private final WenxinConfig.Jitsi config;
  private final PrivateKey rsaKey;

  JitsiTokens(WenxinConfig.Jitsi config) {
    this.config = config;
    this.rsaKey = config.jaas() ? rsa(config.privateKey()) : null;
  }

  /** A token for one person of one session, valid from the window's opening to its close. */
  String mint(String room, Side side, String userId, String displayName, Instant opensAt, Instant closesAt,
              Instant now) {
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("id", userId);
    user.put("name", displayName);
    user.put("avatar", "");
    user.put("email", "");
    boolean owner = side == Side.EXPERT;
    user.put("moderator", Boolean.toString(owner));
    user.put("affiliation", owner ? "owner" : "member");
    Map<String, Object> features = new LinkedHashMap<>();
    for (String f : new String[] {"recording", "livestreaming", "transcription", "outbound-call",
        "sip-outbound-call"}) {
      features.put(f, "false");
    }
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("user", user);
    context.put("features", features);
    JwtBuilder b = Jwts.builder()
        .issuer(config.jaas() ? "chat" : config.appId())
        .audience().single(config.audience())
        .subject(config.subject())
        .issuedAt(Date.from(now))
        .notBefore(Date.from(opensAt.minus(BACKDATE)))
        .expiration(Date.from(closesAt))
        .claim("room", room)
        .claim("context", context);
    if (config.jaas()) {
      return b.header().type("JWT").keyId(config.tenant() + "/" + config.keyId()).and()
          .signWith(rsaKey, Jwts.SIG.RS256).compact();
    }
    return b.header().type("JWT").and()
        .signWith(new SecretKeySpec(config.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"), Jwts.SIG.HS256)
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
