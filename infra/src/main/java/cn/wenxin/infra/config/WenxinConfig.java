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
    Protection protection,
    Sessions sessions,
    Privacy privacy) {

  public record Http(
      String host,
      int port,
      String publicUrl,
      List<String> corsOrigins,
      long bodyLimitBytes,
      boolean trustForwardedHeaders,
      int gatewayInstances,
      String metricsRegistry) {
  }

  /** {@code mongoUri} empty means: start the embedded MongoDB-wire server on an H2 file under {@code dataDir}. */
  public record Storage(
      String mongoUri,
      String mongoDatabase,
      Path dataDir,
      String redisUrl,
      String redisNamespace,
      boolean commitEachWrite,
      List<String> redisSentinels,
      String redisMasterName,
      int redisAckReplicas,
      Duration redisAckWait) {

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
      int loginFailuresBeforeLock) {
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

  public record Booking(int upcomingCap, Duration reminderPoll, Duration holdPending) {
  }

  /** Limits against floods and guessing, and who may read operational data. Numbers: docs/security.md. */
  public record Protection(
      Duration loginWindow,
      int loginAccountAttempts,
      int loginAddressAttempts,
      int loginAddressPerKnownUser,
      int loginAddressCap,
      int hashThreads,
      int hashQueue,
      int anonymousPerAddress,
      Duration anonymousRetention,
      int socketsPerUser,
      int socketsPerAddress,
      Duration socketIdle,
      String metricsToken,
      List<String> metricsNetworks) {
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

  /**
   * Consent-bound records (transcripts, notes): kept {@code retention}, swept every {@code sweep}; encrypted with a
   * data key per record under a master key from {@code kmsProvider} ("local": {@code localMasterKey}, 96 bytes base64,
   * generated into the data dir when empty; otherwise a KMS with {@code kmsCredentials} and {@code kmsMasterKey}, JSON).
   * A student message at {@code riskAlertLevel} or above raises a risk alert.
   */
  public record Privacy(
      Duration retention,
      Duration sweep,
      String kmsProvider,
      String localMasterKey,
      String kmsCredentials,
      String kmsMasterKey,
      String keyVaultNamespace,
      int riskAlertLevel) {

    public boolean localKms() {
      return "local".equals(kmsProvider);
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
        integer(c, "WENXIN_GATEWAY_INSTANCES", Runtime.getRuntime().availableProcessors()),
        // The Micrometer registry of this process; one per Vert.x, so that closing one never closes another's.
        str(c, "WENXIN_METRICS_REGISTRY", "wenxin"));
    List<String> sentinels = list(c, "WENXIN_REDIS_SENTINELS", "");
    Storage storage = new Storage(
        mongoUri,
        str(c, "WENXIN_MONGO_DATABASE", "wenxin"),
        Path.of(str(c, "WENXIN_DATA_DIR", "data")),
        str(c, "WENXIN_REDIS_URL", "redis://127.0.0.1:6379"),
        str(c, "WENXIN_REDIS_NAMESPACE", "wenxin"),      // key prefix: deployments may share one Redis
        // Embedded server only: commit the H2 file before each write is acknowledged, so kill -9 loses nothing.
        bool(c, "WENXIN_MONGO_COMMIT_EACH_WRITE", true),
        // Sentinel mode: when set (host:port,...), the master is found through these and WENXIN_REDIS_URL is unused.
        sentinels,
        str(c, "WENXIN_REDIS_MASTER_NAME", "wenxin"),    // the name the sentinels monitor the master under
        // A chat message is acknowledged once this many replicas hold it (Redis WAIT), so a failover keeps it:
        // one with Sentinel (it promotes a replica), none with one Redis.
        integer(c, "WENXIN_REDIS_ACK_REPLICAS", sentinels.isEmpty() ? 0 : 1),
        Duration.ofMillis(integer(c, "WENXIN_REDIS_ACK_WAIT_MILLIS", 500)));
    Auth auth = new Auth(
        str(c, "WENXIN_JWT_KEYS", ""),                  // empty: generated once, kept under the data dir
        str(c, "WENXIN_JWT_ISSUER", "wenxin"),
        Duration.ofSeconds(integer(c, "WENXIN_ACCESS_TOKEN_SECONDS", 900)),  // at most 15 minutes
        Duration.ofDays(integer(c, "WENXIN_REFRESH_TOKEN_DAYS", 14)),
        integer(c, "WENXIN_ARGON2_MEMORY_KIB", 19_456),  // OWASP's Argon2id minimum: 19 MiB, t=2, p=1
        integer(c, "WENXIN_ARGON2_ITERATIONS", 2),
        integer(c, "WENXIN_LOGIN_FAILURES_BEFORE_LOCK", 5));  // attempts one address has at one account per window
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
        Duration.ofSeconds(integer(c, "WENXIN_REMINDER_POLL_SECONDS", 30)),
        // How long a booking attempt's hold on a time stays pending before the sweeper may free it.
        Duration.ofSeconds(integer(c, "WENXIN_BOOKING_HOLD_PENDING_SECONDS", 30)));
    Protection protection = new Protection(
        Duration.ofMinutes(integer(c, "WENXIN_LOGIN_WINDOW_MINUTES", 60)),
        integer(c, "WENXIN_LOGIN_ACCOUNT_ATTEMPTS", 20),     // beyond: each further address gets one attempt
        integer(c, "WENXIN_LOGIN_ADDRESS_ATTEMPTS", 50),     // at accounts never signed in from that address
        integer(c, "WENXIN_LOGIN_ADDRESS_PER_KNOWN_USER", 10),  // a school's address grows with its users
        integer(c, "WENXIN_LOGIN_ADDRESS_CAP", 2000),
        // One core hashes, the other keeps serving: Argon2 is built to take a core while it runs.
        integer(c, "WENXIN_HASH_THREADS", Math.max(1, Runtime.getRuntime().availableProcessors() / 2)),
        integer(c, "WENXIN_HASH_QUEUE", 16),                 // waiting beyond the threads; more: 503 Retry-After
        integer(c, "WENXIN_ANONYMOUS_PER_ADDRESS", 60),      // anonymous sign-ins per address per hour
        Duration.ofDays(integer(c, "WENXIN_ANONYMOUS_RETENTION_DAYS", 30)),  // idle anonymous accounts removed
        integer(c, "WENXIN_WS_PER_USER", 10),                // open real-time sockets per person
        integer(c, "WENXIN_WS_PER_ADDRESS", 500),            // ...and per client address (a school's NAT)
        Duration.ofSeconds(integer(c, "WENXIN_WS_IDLE_SECONDS", 75)),  // three missed 25 s pings: closed 1001
        str(c, "WENXIN_METRICS_TOKEN", ""),                  // empty: /metrics by network only
        list(c, "WENXIN_METRICS_NETWORKS", "127.0.0.1/32,::1/128"));
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
    Privacy privacy = new Privacy(
        Duration.ofDays(integer(c, "WENXIN_TRANSCRIPT_RETENTION_DAYS", 180)),    // then the data key is destroyed
        Duration.ofSeconds(integer(c, "WENXIN_RETENTION_SWEEP_SECONDS", 3600)),   // how often expired records are looked for
        str(c, "WENXIN_KMS_PROVIDER", "local"),            // local | aws | azure | gcp | kmip (production: a KMS)
        str(c, "WENXIN_LOCAL_MASTER_KEY", ""),             // empty: generated once, kept under the data dir (0600)
        str(c, "WENXIN_KMS_CREDENTIALS", "{}"),            // the provider's credentials, as the driver names them
        str(c, "WENXIN_KMS_MASTER_KEY", "{}"),             // the customer master key (region, key ARN, ...)
        str(c, "WENXIN_KEY_VAULT_NAMESPACE", storage.mongoDatabase() + ".key_vault"),
        integer(c, "WENXIN_RISK_ALERT_LEVEL", 2));        // 2 elevated, 3 imminent: the expert's banner and an alert
    return new WenxinConfig(http, storage, auth, demo, service, booking, protection, sessions, privacy);
  }

  /**
   * Livestreams and lessons (live-service). A viewer counts as having attended a live lesson after
   * {@code attendSeconds} in the room; once {@code visitorsFrom} people are in the room, Jitsi viewers join as
   * visitors. Enrolled people are reminded of a live lesson; streams due are looked for every
   * {@code reminderPollSeconds}.
   */
  public record Live(int attendSeconds, int visitorsFrom, int questionsPerMinute, int chatPerMinute,
                     int reminderPollSeconds) {

    public static Live from(JsonObject c) {
      return new Live(
          integer(c, "WENXIN_LIVE_ATTEND_SECONDS", 600),     // live attendance that completes a lesson (10 min)
          integer(c, "WENXIN_LIVE_VISITORS_FROM", 50),       // from this many people in the room viewers are visitors
          integer(c, "WENXIN_LIVE_QUESTIONS_PER_MINUTE", 3), // questions one person may ask a minute in a room
          integer(c, "WENXIN_LIVE_CHAT_PER_MINUTE", 20),     // room chat messages one person may send a minute
          integer(c, "WENXIN_LIVE_REMINDER_POLL_SECONDS", 60)); // how often streams due for a reminder are sought
    }
  }

  private static String str(JsonObject c, String key, String def) {
    Object v = c.getValue(key);
    return v == null ? def : v.toString().trim();
  }

  /** A whole number setting; blank or absent is the default. Shared by the config records of this package. */
  static int integer(JsonObject c, String key, int def) {
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

  /**
   * The hotline's settings, read from the same keys: an alert not acknowledged within {@code alertSla} goes to the
   * duty lead, then to every admin and on-duty person; {@code poll} is how often due alerts and follow-ups are looked
   * for (deadlines live in MongoDB, so a restart loses none); {@code chatCap} is how many talk-now chats one person
   * holds at once; {@code caseRetention} is how long a closed case is kept before it is sealed away (保密消档).
   */
  public record Hotline(Duration alertSla, Duration poll, int chatCap, Duration chatWindow, Duration caseRetention,
                        int longWaitMinutes) {

    public static Hotline from(JsonObject c) {
      return new Hotline(
          Duration.ofSeconds(integer(c, "WENXIN_HOTLINE_ALERT_SLA_SECONDS", 120)),
          Duration.ofMillis(integer(c, "WENXIN_HOTLINE_POLL_MILLIS", 5000)),
          integer(c, "WENXIN_HOTLINE_CHAT_CAP", 3),
          Duration.ofMinutes(integer(c, "WENXIN_HOTLINE_CHAT_MINUTES", 240)),
          Duration.ofDays(integer(c, "WENXIN_HOTLINE_CASE_RETENTION_DAYS", 1095)),
          integer(c, "WENXIN_HOTLINE_LONG_WAIT_MINUTES", 10));
    }
  }
}
