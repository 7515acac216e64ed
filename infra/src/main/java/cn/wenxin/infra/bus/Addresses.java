package cn.wenxin.infra.bus;

/**
 * Every event-bus address, in one place. Service addresses take requests ({@link ServiceEndpoint}); per-user
 * addresses carry pushes to that user's open WebSocket connections, wherever in the cluster they are.
 */
public final class Addresses {

  public static final String ACCOUNTS = "consult.accounts";
  public static final String DIRECTORY = "consult.directory";
  public static final String BOOKINGS = "consult.bookings";
  public static final String NOTIFICATIONS = "consult.notifications";
  public static final String CONSENTS = "consult.consents";
  public static final String ADMIN = "consult.admin";
  public static final String LESSONS = "live.lessons";
  /** Counseling sessions: their state machine, chat and video signalling (consult-service session/). */
  public static final String SESSIONS = "consult.sessions";
  /** Asked before a student joins a session: action {@code joinCheck} -> {allowed, reason?}. */
  public static final String SESSION_CONSENT = "consult.sessions.consent";
  /** Told when a session ends: action {@code sessionEnded} with the messages; keeps them only with consent. */
  public static final String TRANSCRIPTS = "consult.transcripts";
  /** The crisis lexicon: action {@code screen} {sessionId, text} -> {level, flagged, alerted}. */
  public static final String RISK = "consult.risk";
  /** Published (not sent) for each stored risk alert: {id, at, source, sessionId, level, terms}; the hotline listens. */
  public static final String RISK_ALERTS = "consult.risk.alerts";

  // Livestreams (live-service stream/): scheduling, the room, live Q&A, chat and reactions.
  /** Livestreams and their rooms: HTTP operations plus {@code joinRoom}/{@code leaveRoom} from the gateway. */
  public static final String LIVESTREAMS = "live.streams";
  /**
   * The hotline (consult-service hotline/): the talk-now queue, duty roster, alerts with SLA escalation, crisis
   * cases, break-glass reveals and the audit chain check.
   */
  public static final String HOTLINE = "consult.hotline";

  /** Published on a user's inbox when one of their sessions signs out: its open sockets close. */
  public static final String SESSION_ENDED = "session_ended";

  private Addresses() {
  }

  /** Live frames of one counseling session (chat, typing, read marks, video signals) for the gateways. */
  public static String chat(String sessionId) {
    return "consult.chat." + sessionId;
  }

  /**
   * Updates of one livestream room, published once per change: {@code {audience: "all" | "hosts", frame}}; each
   * gateway encodes the frame once and writes it to the room's viewers on that node.
   */
  public static String liveRoom(String streamId) {
    return "live.room." + streamId;
  }

  /** Pushes for one user: {@code {"type": "...", ...}} JSON, delivered to each of their open tabs. */
  public static String userInbox(String userId) {
    return "user.inbox." + userId;
  }
}
