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
    Protection protection) {

  public record Http(
      String host,
      int port,
      String publicUrl,
      List<String> corsOrigins,
      long bodyLimitBytes,
      boolean trustForwardedHeaders) {
  }

  /** {@code mongoUri} empty means: start the embedded MongoDB-wire server on an H2 file under {@code dataDir}. */
  public record Storage(
      String mongoUri,
      String mongoDatabase,
      Path dataDir,
      String redisUrl,
      String redisNamespace,
      boolean commitEachWrite) {

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
        bool(c, "WENXIN_TRUST_FORWARDED_HEADERS", false));
    Storage storage = new Storage(
        mongoUri,
        str(c, "WENXIN_MONGO_DATABASE", "wenxin"),
        Path.of(str(c, "WENXIN_DATA_DIR", "data")),
        str(c, "WENXIN_REDIS_URL", "redis://127.0.0.1:6379"),
        str(c, "WENXIN_REDIS_NAMESPACE", "wenxin"),      // key prefix: deployments may share one Redis
        // Embedded server only: commit the H2 file before each write is acknowledged, so kill -9 loses nothing.
        bool(c, "WENXIN_MONGO_COMMIT_EACH_WRITE", true));
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
    return new WenxinConfig(http, storage, auth, demo, service, booking, protection);
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
