package cn.wenxin.infra.config;

import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Every setting of the service, read once from {@code WENXIN_*} keys (environment variables, or the same keys in a
 * verticle's config in tests). Each default is written here and nowhere else; {@code WenxinConfigTest} pins them.
 */
public record WenxinConfig(
    Http http,
    Storage storage,
    Auth auth,
    Demo demo,
    Service service,
    Booking booking,
    Sessions sessions) {

  public record Http(
      String host,
      int port,
      String publicUrl,
      List<String> corsOrigins,
      long bodyLimitBytes,
      boolean trustForwardedHeaders,
      int gatewayInstances) {
  }

  /** {@code mongoUri} empty means: start the embedded MongoDB-wire server on an H2 file under {@code dataDir}. */
  public record Storage(
      String mongoUri,
      String mongoDatabase,
      Path dataDir,
      String redisUrl,
      String redisNamespace) {

    public boolean embeddedMongo() {
      return mongoUri.isBlank();
    }
  }

  public record Auth(
      String jwtKeys,
      String issuer,
      Duration accessTokenTtl,
      Duration refreshTokenTtl,
      int argon2MemoryKib,
      int argon2Iterations,
      int loginFailuresBeforeLock,
      Duration loginBaseLock,
      Duration loginMaxLock) {
  }

  public record Demo(boolean enabled, String password) {
  }

  public record Service(
      ZoneId defaultZone,
      List<String> hotlines,
      String policyVersion,
      String smtpHost,
      int smtpPort,
      String smtpFrom) {

    public boolean emailEnabled() {
      return !smtpHost.isBlank();
    }
  }

  public record Booking(int upcomingCap, Duration reminderPoll) {
  }

  /**
   * Counseling sessions: joinable {@code joinEarly} before the start until the end plus {@code grace}; chat limits;
   * video peer to peer with {@code iceServers} (a JSON array of RTCIceServer) unless Jitsi is configured.
   */
  public record Sessions(
      Duration joinEarly,
      Duration grace,
      int chatMaxChars,
      int chatPerMinute,
      Duration sweep,
      String iceServers,
      Jitsi jitsi) {
  }

  /**
   * Jitsi Meet (see ../shared/jitsi.md). Self-hosted: {@code domain}, {@code appId} and the shared {@code secret}
   * (HS256). JaaS: {@code tenant} (vpaas-magic-cookie-...), {@code keyId} and the PKCS#8 PEM {@code privateKey} (RS256).
   */
  public record Jitsi(
      String domain,
      String appId,
      String secret,
      String tenant,
      String keyId,
      String privateKey,
      String audience,
      String subject,
      String libraryUrl) {

    public boolean enabled() {
      return !domain.isBlank() && (!secret.isBlank() || !privateKey.isBlank());
    }

    public boolean jaas() {
      return !privateKey.isBlank();
    }
  }

  /** Reads the process environment. */
  public static WenxinConfig fromEnv() {
    JsonObject json = new JsonObject();
    for (Map.Entry<String, String> e : System.getenv().entrySet()) {
      if (e.getKey().startsWith("WENXIN_")) {
        json.put(e.getKey(), e.getValue());
      }
    }
    return from(json);
  }

  public static WenxinConfig from(JsonObject c) {
    String mongoUri = str(c, "WENXIN_MONGO_URI", "");
    int port = integer(c, "WENXIN_HTTP_PORT", 8080);
    Http http = new Http(
        str(c, "WENXIN_HTTP_HOST", "0.0.0.0"),
        port,
        str(c, "WENXIN_PUBLIC_URL", "http://localhost:" + port),
        list(c, "WENXIN_CORS_ORIGINS", ""),           // empty: same origin only
        integer(c, "WENXIN_BODY_LIMIT_BYTES", 64 * 1024),
        // Only behind a proxy that sets them: otherwise anyone could pick the address that login limits count.
        bool(c, "WENXIN_TRUST_FORWARDED_HEADERS", false),
        // Gateway verticles sharing the port: one per core, so every core serves HTTP.
        integer(c, "WENXIN_GATEWAY_INSTANCES", Runtime.getRuntime().availableProcessors()));
    Storage storage = new Storage(
        mongoUri,
        str(c, "WENXIN_MONGO_DATABASE", "wenxin"),
        Path.of(str(c, "WENXIN_DATA_DIR", "data")),
        str(c, "WENXIN_REDIS_URL", "redis://127.0.0.1:6379"),
        str(c, "WENXIN_REDIS_NAMESPACE", "wenxin"));     // key prefix: deployments may share one Redis
    Auth auth = new Auth(
        str(c, "WENXIN_JWT_KEYS", ""),                  // empty: generated once, kept under the data dir
        str(c, "WENXIN_JWT_ISSUER", "wenxin"),
        Duration.ofSeconds(integer(c, "WENXIN_ACCESS_TOKEN_SECONDS", 900)),  // at most 15 minutes
        Duration.ofDays(integer(c, "WENXIN_REFRESH_TOKEN_DAYS", 14)),
        integer(c, "WENXIN_ARGON2_MEMORY_KIB", 19_456),  // OWASP's Argon2id minimum: 19 MiB, t=2, p=1
        integer(c, "WENXIN_ARGON2_ITERATIONS", 2),
        integer(c, "WENXIN_LOGIN_FAILURES_BEFORE_LOCK", 5),
        Duration.ofSeconds(integer(c, "WENXIN_LOGIN_BASE_LOCK_SECONDS", 30)),
        Duration.ofSeconds(integer(c, "WENXIN_LOGIN_MAX_LOCK_SECONDS", 900)));
    // Demo data is on by default only for the embedded database: never seed a real deployment by accident.
    Demo demo = new Demo(
        bool(c, "WENXIN_DEMO", mongoUri.isBlank()),
        str(c, "WENXIN_DEMO_PASSWORD", "wenxin-demo-2026"));
    Service service = new Service(
        ZoneId.of(str(c, "WENXIN_TIMEZONE", "Asia/Shanghai")),
        list(c, "WENXIN_HOTLINES", "96525,92355"),
        str(c, "WENXIN_POLICY_VERSION", "2026-11"),
        str(c, "WENXIN_SMTP_HOST", ""),                 // empty: e-mail off, in-app notifications only
        integer(c, "WENXIN_SMTP_PORT", 25),
        str(c, "WENXIN_SMTP_FROM", "noreply@wenxin.local"));
    Booking booking = new Booking(
        integer(c, "WENXIN_BOOKING_UPCOMING_CAP", 2),       // upcoming bookings one student may hold
        Duration.ofSeconds(integer(c, "WENXIN_REMINDER_POLL_SECONDS", 30)));
    String jitsiDomain = str(c, "WENXIN_JITSI_DOMAIN", "");       // empty: no Jitsi, video is peer to peer
    String jitsiTenant = str(c, "WENXIN_JITSI_TENANT", "");       // JaaS only: vpaas-magic-cookie-...
    String jitsiKey = str(c, "WENXIN_JITSI_PRIVATE_KEY", "").replace("\\n", "\n");
    String jitsiApp = str(c, "WENXIN_JITSI_APP_ID", "wenxin");
    Jitsi jitsi = new Jitsi(
        jitsiDomain,
        jitsiApp,
        str(c, "WENXIN_JITSI_SECRET", ""),                        // self-hosted: Prosody's app_secret (HS256)
        jitsiTenant,
        str(c, "WENXIN_JITSI_KID", ""),                           // JaaS: the API key id (kid = tenant/kid)
        jitsiKey,                                                  // JaaS: PKCS#8 PEM private key (RS256)
        // Prosody accepts what its asap/accepted audiences say; deployments mostly use the app id. JaaS: "jitsi".
        str(c, "WENXIN_JITSI_AUDIENCE", jitsiKey.isBlank() ? jitsiApp : "jitsi"),
        str(c, "WENXIN_JITSI_SUB", jitsiKey.isBlank() ? jitsiDomain : jitsiTenant),   // checked with domain verification on
        str(c, "WENXIN_JITSI_LIBRARY_URL", jitsiDomain.isBlank() ? ""
            : "https://" + jitsiDomain + "/libs/lib-jitsi-meet.min.js"));   // each deployment serves its own build
    Sessions sessions = new Sessions(
        Duration.ofMinutes(integer(c, "WENXIN_SESSION_JOIN_EARLY_MINUTES", 10)),   // the waiting room opens this early
        Duration.ofMinutes(integer(c, "WENXIN_SESSION_GRACE_MINUTES", 10)),        // a session may overrun its slot by this
        integer(c, "WENXIN_CHAT_MAX_CHARS", 2000),                                // longest chat message
        integer(c, "WENXIN_CHAT_PER_MINUTE", 30),                                 // messages one person may send a minute
        Duration.ofSeconds(integer(c, "WENXIN_SESSION_SWEEP_SECONDS", 30)),        // how often overdue sessions are closed
        str(c, "WENXIN_ICE_SERVERS", "[]"),                  // STUN/TURN for peer-to-peer video; none needed on one network
        jitsi);
    return new WenxinConfig(http, storage, auth, demo, service, booking, sessions);
  }

  private static String str(JsonObject c, String key, String def) {
    Object v = c.getValue(key);
    return v == null ? def : v.toString().trim();
  }

  private static int integer(JsonObject c, String key, int def) {
    String v = str(c, key, "");
    if (v.isEmpty()) {
      return def;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, got '" + v + "'");
    }
  }

  private static boolean bool(JsonObject c, String key, boolean def) {
    String v = str(c, key, "");
    return v.isEmpty() ? def : Boolean.parseBoolean(v);
  }

  private static List<String> list(JsonObject c, String key, String def) {
    return Arrays.stream(str(c, key, def).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
