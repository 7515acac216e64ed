package cn.wenxin.consult;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;

import java.util.ArrayList;
import java.util.List;

/**
 * The consultation service's collections and their indexes, declared in one place. Invariants live in unique
 * indexes (the embedded server and a real MongoDB both enforce them; neither gives us transactions here).
 */
public final class ConsultCollections {

  /** Sign-in identities: {_id, username (unique), role, passwordHash, displayName, anonymous, ...}. */
  public static final String ACCOUNTS = "accounts";
  /** Rotating refresh tokens by SHA-256 {_id, familyId, accountId, expiresAt, usedAt, revokedAt}. */
  public static final String REFRESH_TOKENS = "refresh_tokens";
  /**
   * Ended sign-ins not yet in the shared log every gateway reads (Redis): {_id = the sign-in's session id, until
   * (epoch ms, when its last access token expires)}. Empty but for a Redis outage (account.SignInEndOutbox).
   */
  public static final String SIGN_IN_END_OUTBOX = "sign_in_end_outbox";
  /** Public expert profiles, {_id = the expert's account id}. */
  public static final String EXPERTS = "experts";
  /** Weekly rules and exceptions per expert, {_id = expert id}. */
  public static final String AVAILABILITY = "availability";
  /** Bookings and waitlist offers (status offered), times as ISO-8601 UTC strings truncated to the second. */
  public static final String BOOKINGS = "bookings";
  /**
   * The no-double-booking guarantee: one document per expert-day ({@code "E|expertId|utcDate"}) and per student-day
   * ({@code "S|studentId|utcDate"}) holding the booked intervals, plus cap documents ({@code "D|expertId|localDate"},
   * {@code "C|studentId"}); each entry is owned by one attempt's token. See booking.TimeHolds.
   */
  public static final String TIME_HOLDS = "time_holds";
  /** Idempotency-Key records, {_id = callerId|key, bodyHash, bookingId, response}. */
  public static final String IDEMPOTENCY = "idempotency";
  /** Waitlist entries per (student, expert, date), unique {@code key}. */
  public static final String WAITLIST = "waitlist";
  /** Reminder and change notifications to fire once: {_id, dueAt, firedAt (null until claimed), userIds, ...}. */
  public static final String REMINDER_JOBS = "reminder_jobs";
  /** In-app notifications {_id, userId, seq, type, title, body, data, createdAt, readAt}. */
  public static final String NOTIFICATIONS = "notifications";
  /** Per-user notification sequence counters {_id = userId, seq}. */
  public static final String NOTIFICATION_COUNTERS = "notification_counters";
  /** Guardian consents, kept after withdrawal; {@code activeKey} (sparse unique) exists only while in force. */
  public static final String CONSENTS = "consents";
  /** Secret calendar feeds, {_id = expertId, tokenHash (unique; SHA-256 of the token)}. */
  public static final String CALENDAR_FEEDS = "calendar_feeds";
  /** Who did what to which record, when and why: {_id, at, actorId, action, targetId, actorRole | reason}; ids only. */
  public static final String AUDIT_LOG = "audit_log";

  /**
   * Counseling sessions, one per booking ({@code bookingId} unique): state, history of transitions, the student's
   * label for the expert (pseudonym or name, as the student chose), times, video room. See session.SessionState.
   */
  public static final String SESSIONS = "sessions";

  /**
   * Kept transcripts, {_id = sessionId, bookingId, studentId, expertId, keyId, sealed (ciphertext, binary), createdAt,
   * expiresAt, destroyedAt}: only ids and times in clear; the messages and labels are sealed with their own data key.
   */
  public static final String TRANSCRIPTS = "transcripts";
  /** The expert's private notes per booking, sealed like transcripts, {_id = bookingId, expertId, keyId, sealed}. */
  public static final String SESSION_NOTES = "session_notes";
  /** Crisis signals for the hotline: {at, source, sessionId, level, terms}; no message text, no identity. */
  public static final String RISK_ALERTS = "risk_alerts";

  // The hotline (hotline/): the talk-now queue, staff seats, duty roster, alerts, crisis cases and reveals.
  /** Talk-now requests: {_id (= the chat's session id), studentId, state waiting|taken|ended|left, risk, enqueuedAt}. */
  public static final String HOTLINE_TALKS = "hotline_talks";
  /** One per staff member: {_id = account id, available, chats: [talkId]} (the per-person chat cap lives here). */
  public static final String HOTLINE_STAFF = "hotline_staff";
  /** The duty roster: {_id = account id, duty hotline|crisis|lead, hours: [0..23] local time}. */
  public static final String HOTLINE_ROSTER = "hotline_roster";
  /** Alerts on the console, {_id = risk alert id, state open|acked, tier, dueAt}: the SLA deadline is stored here. */
  public static final String HOTLINE_ALERTS = "hotline_alerts";
  /** Crisis cases: status, level, assessment, assignee, timeline, referral, follow-ups, sealed notes, legal hold. */
  public static final String HOTLINE_CASES = "hotline_cases";
  /** Break-glass identity reveals: {_id, caseId, requesterId, reason, imminent, state, approverId}. */
  public static final String HOTLINE_REVEALS = "hotline_reveals";

  /**
   * Which package owns (alone writes) each collection: {@code cn.wenxin.consult.<package>}. Another package reads
   * one only through a class named in {@link #READERS}; the demo seed ({@link #SEED}) is the one other writer, of
   * demo data only. {@code ArchitectureRulesTest} (gateway) fails on a collection without an owner or on a class
   * that names another package's collection without being its declared reader.
   */
  public static final java.util.Map<String, String> OWNERS = java.util.Map.ofEntries(
      java.util.Map.entry(ACCOUNTS, "account"), java.util.Map.entry(REFRESH_TOKENS, "account"),
      java.util.Map.entry(SIGN_IN_END_OUTBOX, "account"),
      java.util.Map.entry(EXPERTS, "directory"), java.util.Map.entry(AVAILABILITY, "directory"),
      java.util.Map.entry(BOOKINGS, "booking"), java.util.Map.entry(TIME_HOLDS, "booking"),
      java.util.Map.entry(IDEMPOTENCY, "booking"), java.util.Map.entry(WAITLIST, "booking"),
      java.util.Map.entry(REMINDER_JOBS, "booking"), java.util.Map.entry(CALENDAR_FEEDS, "booking"),
      java.util.Map.entry(NOTIFICATIONS, "notification"), java.util.Map.entry(NOTIFICATION_COUNTERS, "notification"),
      java.util.Map.entry(CONSENTS, "consent"), java.util.Map.entry(AUDIT_LOG, "audit"),
      java.util.Map.entry(SESSIONS, "session"), java.util.Map.entry(TRANSCRIPTS, "transcript"),
      java.util.Map.entry(SESSION_NOTES, "transcript"), java.util.Map.entry(RISK_ALERTS, "risk"),
      java.util.Map.entry(HOTLINE_TALKS, "hotline"), java.util.Map.entry(HOTLINE_STAFF, "hotline"),
      java.util.Map.entry(HOTLINE_ROSTER, "hotline"), java.util.Map.entry(HOTLINE_ALERTS, "hotline"),
      java.util.Map.entry(HOTLINE_CASES, "hotline"), java.util.Map.entry(HOTLINE_REVEALS, "hotline"));

  /**
   * The classes outside an owner that read its collection directly (and write nothing), each as
   * {@code package.Class}: accounts for the guardian and age checks, the booked intervals for what the directory
   * shows free, the admin overview's counts, and staff names and roles for the hotline.
   */
  public static final java.util.Map<String, java.util.Set<String>> READERS = java.util.Map.of(
      "consent.Guardianship", java.util.Set.of(ACCOUNTS),
      "directory.BusyTimes", java.util.Set.of(TIME_HOLDS),
      "admin.AdminVerticle", java.util.Set.of(ACCOUNTS, BOOKINGS, EXPERTS),
      "hotline.StaffAccounts", java.util.Set.of(ACCOUNTS));

  /** The package that seeds demo data on an empty database (and keeps the demo session's booking). */
  public static final String SEED = "demo";
  private ConsultCollections() {
  }

  private record Index(String collection, JsonObject keys, IndexOptions options) {
  }

  private static List<Index> indexes() {
    List<Index> list = new ArrayList<>();
    list.add(new Index(ACCOUNTS, new JsonObject().put("username", 1),
        new IndexOptions().name("username_unique").unique(true).sparse(true)));
    list.add(new Index(REFRESH_TOKENS, new JsonObject().put("familyId", 1), new IndexOptions().name("family")));
    // TTL works on a real MongoDB only; the embedded server needs the periodic sweep in AccountVerticle.
    list.add(new Index(REFRESH_TOKENS, new JsonObject().put("expiresAt", 1),
        new IndexOptions().name("expiry_ttl").expireAfter(0L, java.util.concurrent.TimeUnit.SECONDS)));
    list.add(new Index(BOOKINGS, new JsonObject().put("expertId", 1).put("start", 1),
        new IndexOptions().name("expert_start")));
    list.add(new Index(BOOKINGS, new JsonObject().put("studentId", 1).put("start", 1),
        new IndexOptions().name("student_start")));
    // For a real MongoDB (the embedded server scans): the directory reads expert-days by day, the poller outboxes.
    list.add(new Index(TIME_HOLDS, new JsonObject().put("k", 1).put("day", 1), new IndexOptions().name("kind_day")));
    list.add(new Index(BOOKINGS, new JsonObject().put("outboxDue", 1),
        new IndexOptions().name("outbox_due").sparse(true)));
    list.add(new Index(WAITLIST, new JsonObject().put("key", 1),
        new IndexOptions().name("waitlist_key_unique").unique(true)));
    list.add(new Index(REMINDER_JOBS, new JsonObject().put("firedAt", 1).put("dueAt", 1),
        new IndexOptions().name("due")));
    list.add(new Index(NOTIFICATIONS, new JsonObject().put("userId", 1).put("seq", 1),
        new IndexOptions().name("user_seq_unique").unique(true)));
    list.add(new Index(CONSENTS, new JsonObject().put("activeKey", 1),
        new IndexOptions().name("active_unique").unique(true).sparse(true)));
    list.add(new Index(CALENDAR_FEEDS, new JsonObject().put("tokenHash", 1),
        new IndexOptions().name("token_unique").unique(true)));
    list.add(new Index(SESSIONS, new JsonObject().put("bookingId", 1),
        new IndexOptions().name("booking_unique").unique(true)));
    list.add(new Index(TRANSCRIPTS, new JsonObject().put("studentId", 1), new IndexOptions().name("student")));
    list.add(new Index(TRANSCRIPTS, new JsonObject().put("expiresAt", 1), new IndexOptions().name("expiry")));
    list.add(new Index(SESSION_NOTES, new JsonObject().put("expiresAt", 1), new IndexOptions().name("expiry")));
    list.add(new Index(RISK_ALERTS, new JsonObject().put("at", 1), new IndexOptions().name("at")));
    // The audit chain: one entry per place in it; sparse so entries written before the chain still load.
    list.add(new Index(AUDIT_LOG, new JsonObject().put("seq", 1),
        new IndexOptions().name("seq_unique").unique(true).sparse(true)));
    list.add(new Index(HOTLINE_ALERTS, new JsonObject().put("state", 1).put("dueAt", 1), new IndexOptions().name("due")));
    list.add(new Index(HOTLINE_TALKS, new JsonObject().put("state", 1), new IndexOptions().name("state")));
    return list;
  }

  /**
   * Creates every index (idempotent); called once at start-up by the seed verticle, before anything else runs. The
   * collections side by side (each a round trip per index, and a cold start waits for them), one collection's
   * indexes one after another.
   */
  public static Future<Void> ensureIndexes(MongoClient mongo) {
    java.util.Map<String, Future<Void>> chains = new java.util.LinkedHashMap<>();
    for (Index i : indexes()) {
      Future<Void> before = chains.getOrDefault(i.collection, Future.succeededFuture());
      chains.put(i.collection, before.compose(v -> mongo.createIndexWithOptions(i.collection, i.keys, i.options)));
    }
    return Future.all(new ArrayList<>(chains.values())).mapEmpty();
  }
}
