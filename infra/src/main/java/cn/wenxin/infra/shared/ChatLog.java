package cn.wenxin.infra.shared;

import cn.wenxin.infra.config.WenxinConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;

/**
 * The live messages of one counseling session, where any node can serve a reconnect: a Redis Stream per session
 * (one node alone: in process). The sequence is assigned here, once per client message id, so a resend after a
 * lost acknowledgement gets the same number back instead of a second copy.
 */
public interface ChatLog {

  /**
   * Where a message landed; {@code fresh} is false when the client message id was already stored. {@code replicated}
   * is false when the replicas the deployment asks for ({@code WENXIN_REDIS_ACK_REPLICAS}) did not confirm it in
   * time: it is stored, but a failover now could lose it, so it must not be acknowledged yet (a resend asks again).
   */
  record Appended(long seq, boolean fresh, boolean replicated) {
    public Appended(long seq, boolean fresh) {
      this(seq, fresh, true);
    }
  }

  /** What became of a {@code chat.send}: stored (new or, for a resend, its earlier seq), over the limit, or too late. */
  enum Outcome { STORED, RESENT, RATE_LIMITED, CLOSED }

  /**
   * {@code seq} is the message's number when STORED or RESENT; {@code sentInWindow} counts the sender's sends;
   * {@code replicated} as for {@link Appended}.
   */
  record Sent(Outcome outcome, long seq, long sentInWindow, boolean replicated) {
    public Sent(Outcome outcome, long seq, long sentInWindow) {
      this(outcome, seq, sentInWindow, true);
    }
  }

  /**
   * One {@code chat.send} in one step (on Redis: one script, one round trip): refused once the session's log was
   * {@link #close closed}; a resend of a stored {@code clientMsgId} answers its seq without being counted or stored
   * again; otherwise the sender's count in the current window (which starts with their first message in it) goes up
   * by one, and above {@code perWindow} nothing is stored; else the message is stored as the next one.
   */
  Future<Sent> send(String sessionId, String clientMsgId, String sender, Duration window, long perWindow,
                    JsonObject message, Duration keepFor);

  /**
   * From now on the session takes no message: {@link #send} answers CLOSED and {@link #append} fails with
   * {@link Closed}. The mark outlives {@link #delete} for {@code markFor}, so a node that still remembers the
   * session as active cannot add to a log that was handed off.
   */
  Future<Void> close(String sessionId, Duration markFor);

  /** What {@link #append} fails with once the session's log is closed. */
  final class Closed extends RuntimeException {
    public Closed(String sessionId) {
      super("The chat of session " + sessionId + " is closed", null, false, false);
    }
  }

  /** Stores {@code message} (any JSON without {@code seq}) as the next message, unless the id is known or closed. */
  Future<Appended> append(String sessionId, String clientMsgId, JsonObject message, Duration keepFor);

  /** The seq already given to this client message id, or null: a resend is answered without counting it again. */
  Future<Long> seqOf(String sessionId, String clientMsgId);

  /** Messages with seq greater than {@code after}, in order, each with its {@code seq}; at most {@code limit}. */
  Future<List<JsonObject>> after(String sessionId, long after, int limit);

  /** Forgets the session's messages, ids and counter; a {@link #close} mark stays until it expires. */
  Future<Void> delete(String sessionId);

  /** On Redis when the node's shared state is on Redis, else in process; one per Vert.x instance. */
  static Future<ChatLog> of(Vertx vertx, WenxinConfig.Storage storage) {
    return ChatLogs.of(vertx, storage);
  }
}
