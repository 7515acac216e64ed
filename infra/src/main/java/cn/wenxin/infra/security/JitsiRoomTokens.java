package cn.wenxin.infra.security;

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
 * Signs Jitsi room tokens exactly as ../shared/jitsi.md says Prosody (HS256 with {@code typ}) and JaaS (RS256 with
 * {@code kid}) check them: {@code nbf} backdated for servers without clock-skew tolerance, every context value a
 * string, the features always present. Counseling sessions and livestreams decide who is owner and what is on.
 */
public final class JitsiRoomTokens {

  /** Prosody allows no clock skew: a token minted now must already be valid on a server a little behind. */
  public static final Duration BACKDATE = Duration.ofSeconds(30);

  private final WenxinConfig.Jitsi config;
  private final PrivateKey rsaKey;

  public JitsiRoomTokens(WenxinConfig.Jitsi config) {
    this.config = config;
    this.rsaKey = config.enabled() && config.jaas() ? rsa(config.privateKey()) : null;
  }

  /** {@code context.user}: an owner is also the moderator; every value a string. */
  public static Map<String, Object> user(String id, String name, boolean owner) {
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("id", id);
    user.put("name", name);
    user.put("avatar", "");
    user.put("email", "");
    user.put("moderator", Boolean.toString(owner));
    user.put("affiliation", owner ? "owner" : "member");
    return user;
  }

  /** {@code context.features}: recording, transcription and calls out always off; livestreaming as asked. */
  public static Map<String, Object> features(boolean livestreaming) {
    Map<String, Object> features = new LinkedHashMap<>();
    features.put("recording", "false");
    features.put("livestreaming", Boolean.toString(livestreaming));
    features.put("transcription", "false");
    features.put("outbound-call", "false");
    features.put("sip-outbound-call", "false");
    return features;
  }

  /** A token for {@code room}, valid from {@code validFrom} (backdated) until {@code validUntil}. */
  public String sign(String room, Map<String, Object> user, Map<String, Object> features, Instant now,
                     Instant validFrom, Instant validUntil) {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("user", user);
    context.put("features", features);
    JwtBuilder b = Jwts.builder()
        .issuer(config.jaas() ? "chat" : config.appId())
        .audience().single(config.audience())
        .subject(config.subject())
        .issuedAt(Date.from(now))
        .notBefore(Date.from(validFrom.minus(BACKDATE)))
        .expiration(Date.from(validUntil))
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
