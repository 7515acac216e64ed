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

  @Override
  public Future<Appended> append(String sessionId, String clientMsgId, JsonObject message, Duration keepFor) {
    Log log = logs.computeIfAbsent(sessionId, k -> new Log());
    synchronized (log) {
      Long prior = log.byClientId.get(clientMsgId);
      if (prior != null) {
        return Future.succeededFuture(new Appended(prior, false));
      }
      long seq = log.messages.size() + 1L;
      log.messages.add(message.copy().put("seq", seq));
      log.byClientId.put(clientMsgId, seq);
      return Future.succeededFuture(new Appended(seq, true));
    }
  }

  @Override
  public Future<Admission> admit(String sessionId, String clientMsgId, String sender, Duration window) {
    Log log = logs.computeIfAbsent(sessionId, k -> new Log());
    synchronized (log) {
      Long prior = log.byClientId.get(clientMsgId);
      if (prior != null) {
        return Future.succeededFuture(new Admission(prior, 0));
      }
      long now = System.currentTimeMillis();
      long[] w = log.sent.get(sender);
      if (w == null || w[1] <= now) {
        w = new long[] {0, now + window.toMillis()};
        log.sent.put(sender, w);
      }
      return Future.succeededFuture(new Admission(null, ++w[0]));
    }
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
