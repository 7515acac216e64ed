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

  /** Where a message landed; {@code fresh} is false when the client message id was already stored. */
  record Appended(long seq, boolean fresh) {
  }

  /**
   * What a new {@code chat.send} may do, in one step: {@code prior} is the seq its client message id already has (a
   * resend: not counted), else null and {@code sentInWindow} counts the sender's messages in the current window of
   * this session, this one included (the window starts with the sender's first message in it).
   */
  record Admission(Long prior, long sentInWindow) {
  }

  /** See {@link Admission}: the dedupe check and the sender's flood count together (on Redis: one round trip). */
  Future<Admission> admit(String sessionId, String clientMsgId, String sender, Duration window);

  /** Stores {@code message} (any JSON without {@code seq}) as the next message, unless the id is known. */
  Future<Appended> append(String sessionId, String clientMsgId, JsonObject message, Duration keepFor);

  /** The seq already given to this client message id, or null: a resend is answered without counting it again. */
  Future<Long> seqOf(String sessionId, String clientMsgId);

  /** Messages with seq greater than {@code after}, in order, each with its {@code seq}; at most {@code limit}. */
  Future<List<JsonObject>> after(String sessionId, long after, int limit);

  /** Forgets the session's messages, ids and counter. */
  Future<Void> delete(String sessionId);

  /** On Redis when the node's shared state is on Redis, else in process; one per Vert.x instance. */
  static Future<ChatLog> of(Vertx vertx, WenxinConfig.Storage storage) {
    return ChatLogs.of(vertx, storage);
  }
}
