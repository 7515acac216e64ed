package cn.wenxin.infra.security;

import cn.wenxin.infra.config.WenxinConfig;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.ProtectedHeader;
import io.jsonwebtoken.security.Keys;

import javax.crypto.SecretKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Signs and verifies access tokens (HS256, each key named by a {@code kid}). The first key signs; every listed key
 * verifies, so a key can be rotated by putting a new one first and dropping the old one after one token lifetime.
 * Keys come from {@code WENXIN_JWT_KEYS} ("kid:base64,kid:base64"); without it a key is made once and kept in the
 * data directory so that a restart does not sign everybody out.
 */
public final class AccessTokens {

  static final String AUDIENCE = "wenxin-api";

  private final Map<String, SecretKey> keys;
  private final String signingKid;
  private final String issuer;
  private final Duration ttl;

  public AccessTokens(Map<String, SecretKey> keys, String issuer, Duration ttl) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("At least one JWT key is required");
    }
    this.keys = Map.copyOf(keys);
    this.signingKid = keys.keySet().iterator().next();
    this.issuer = issuer;
    this.ttl = ttl;
  }

  /** Blocking (may read or write the key file): call at start-up, off the event loop. */
  public static AccessTokens load(WenxinConfig config) {
    String spec = config.auth().jwtKeys();
    if (spec.isBlank()) {
      spec = keyFile(config.storage().dataDir().resolve("jwt-keys.txt"));
    }
    return new AccessTokens(parse(spec), config.auth().issuer(), config.auth().accessTokenTtl());
  }

  public static Map<String, SecretKey> parse(String spec) {
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    for (String part : spec.split(",")) {
      String[] kv = part.trim().split(":", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("WENXIN_JWT_KEYS entries are kid:base64-secret");
      }
      byte[] secret = Base64.getDecoder().decode(kv[1]);
      if (secret.length < 32) {
        throw new IllegalArgumentException("JWT key " + kv[0] + " is shorter than 256 bits");
      }
      keys.put(kv[0], Keys.hmacShaKeyFor(secret));
    }
    return keys;
  }

  public static String newKeySpec(String kid) {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return kid + ":" + Base64.getEncoder().encodeToString(secret);
  }

  private static String keyFile(Path file) {
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).trim();
      }
      PrivateFiles.directory(file.getParent());
      String spec = newKeySpec("k-" + Instant.now().getEpochSecond());
      Files.writeString(file, spec, StandardCharsets.UTF_8);
      PrivateFiles.tighten(file.getParent());
      return spec;
    } catch (java.io.IOException e) {
      throw new IllegalStateException("Cannot read or write the JWT key file " + file, e);
    }
  }

  public Duration ttl() {
    return ttl;
  }

  public String issue(String subject, Role role, boolean anonymous, String displayName, String sessionId) {
    Instant now = Instant.now();
    return Jwts.builder()
        .header().keyId(signingKid).and()
        .issuer(issuer)
        .audience().add(AUDIENCE).and()
        .subject(subject)
        .id(UUID.randomUUID().toString())
        .issuedAt(Date.from(now))
        .expiration(Date.from(now.plus(ttl)))
        .claim("role", role.wire())
        .claim("anon", anonymous)
        .claim("name", displayName)
        .claim("sid", sessionId)
        .signWith(keys.get(signingKid), Jwts.SIG.HS256)
        .compact();
  }

  /**
   * The principal of a valid token; empty for anything expired, tampered, unsigned, signed by an unknown key, or
   * missing a claim this service relies on (sub, exp, role, sid, jti): a correctly signed but incomplete token is
   * still not a sign-in.
   */
  public Optional<Principal> verify(String token) {
    try {
      Claims c = Jwts.parser()
          .keyLocator(new LocatorAdapter<Key>() {
            @Override
            protected Key locate(ProtectedHeader header) {
              return header.getKeyId() == null ? null : keys.get(header.getKeyId());
            }
          })
          .requireIssuer(issuer)
          .requireAudience(AUDIENCE)
          .build()
          .parseSignedClaims(token)
          .getPayload();
      if (c.getSubject() == null || c.getExpiration() == null || c.get("role", String.class) == null
          || c.get("sid", String.class) == null || c.getId() == null) {
        return Optional.empty();
      }
      return Optional.of(new Principal(c.getSubject(), Role.fromWire(c.get("role", String.class)),
          Boolean.TRUE.equals(c.get("anon", Boolean.class)), c.get("name", String.class),
          c.get("sid", String.class), c.getId(), c.getExpiration().toInstant().getEpochSecond()));
    } catch (JwtException | IllegalArgumentException | ClassCastException e) {
      return Optional.empty();
    }
  }
}
