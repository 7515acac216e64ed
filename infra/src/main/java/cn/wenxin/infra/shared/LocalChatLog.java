package cn.wenxin.infra.shared;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One node alone: each session's log in memory, guarded by its own lock. */
final class LocalChatLog implements ChatLog {

  private static final class Log {
    final List<JsonObject> messages = new ArrayList<>();
    final Map<String, Long> byClientId = new HashMap<>();
    final Map<String, long[]> sent = new HashMap<>();   // sender -> {count, window end in ms}
  }

  private final ConcurrentHashMap<String, Log> logs = new ConcurrentHashMap<>();
  /** Session id -> until when its log takes no message (ms); kept apart from the logs, which delete forgets. */
  private final ConcurrentHashMap<String, Long> closedUntil = new ConcurrentHashMap<>();

  @Override
  public Future<Appended> append(String sessionId, String clientMsgId, JsonObject message, Duration keepFor) {
    Log log = logs.computeIfAbsent(sessionId, k -> new Log());
    synchronized (log) {
      if (closed(sessionId)) {
        return Future.failedFuture(new Closed(sessionId));
      }
      Long prior = log.byClientId.get(clientMsgId);
      if (prior != null) {
        return Future.succeededFuture(new Appended(prior, false));
      }
      return Future.succeededFuture(new Appended(store(log, clientMsgId, message), true));
    }
  }

  private static long store(Log log, String clientMsgId, JsonObject message) {
    long seq = log.messages.size() + 1L;
    log.messages.add(message.copy().put("seq", seq));
    log.byClientId.put(clientMsgId, seq);
    return seq;
  }

  @Override
  public Future<Sent> send(String sessionId, String clientMsgId, String sender, Duration window, long perWindow,
                           JsonObject message, Duration keepFor) {
    Log log = logs.computeIfAbsent(sessionId, k -> new Log());
    synchronized (log) {
      // Checked under the log's lock: close takes it too, so nothing is stored once close has returned.
      if (closed(sessionId)) {
        return Future.succeededFuture(new Sent(Outcome.CLOSED, 0, 0));
      }
      Long prior = log.byClientId.get(clientMsgId);
      if (prior != null) {
        return Future.succeededFuture(new Sent(Outcome.RESENT, prior, 0));
      }
      long now = System.currentTimeMillis();
      long[] w = log.sent.get(sender);
      if (w == null || w[1] <= now) {
        w = new long[] {0, now + window.toMillis()};
        log.sent.put(sender, w);
      }
      long n = ++w[0];
      return Future.succeededFuture(n > perWindow ? new Sent(Outcome.RATE_LIMITED, 0, n)
          : new Sent(Outcome.STORED, store(log, clientMsgId, message), n));
    }
  }

  @Override
  public Future<Void> close(String sessionId, Duration markFor) {
    long now = System.currentTimeMillis();
    if (closedUntil.size() > 10_000) {
      closedUntil.values().removeIf(until -> until <= now);
    }
    Log log = logs.computeIfAbsent(sessionId, k -> new Log());
    synchronized (log) {
      closedUntil.put(sessionId, now + markFor.toMillis());
    }
    return Future.succeededFuture();
  }

  private boolean closed(String sessionId) {
    Long until = closedUntil.get(sessionId);
    return until != null && until > System.currentTimeMillis();
  }

  @Override
  public Future<Long> seqOf(String sessionId, String clientMsgId) {
    Log log = logs.get(sessionId);
    if (log == null) {
      return Future.succeededFuture(null);
    }
    synchronized (log) {
      return Future.succeededFuture(log.byClientId.get(clientMsgId));
    }
  }

  @Override
  public Future<List<JsonObject>> after(String sessionId, long after, int limit) {
    Log log = logs.get(sessionId);
    if (log == null) {
      return Future.succeededFuture(List.of());
    }
    synchronized (log) {
      int from = (int) Math.max(0, Math.min(after, log.messages.size()));
      int to = Math.min(log.messages.size(), from + limit);
      return Future.succeededFuture(log.messages.subList(from, to).stream().map(JsonObject::copy).toList());
    }
  }

  @Override
  public Future<Void> delete(String sessionId) {
    logs.remove(sessionId);
    return Future.succeededFuture();
  }
}
