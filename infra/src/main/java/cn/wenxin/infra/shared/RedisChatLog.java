package cn.wenxin.infra.shared;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Redis Stream per session whose entry ids are {@code <seq>-1}, so a resume is one XRANGE from {@code after+1}.
 * The closed check, deduplication, the sender's count, numbering and the append are one Lua script: atomic, so two
 * resends racing each other still give one entry and nothing lands after the close. The keys share a hash tag so the
 * script also runs on a Redis Cluster.
 */
final class RedisChatLog implements ChatLog {

  // KEYS: log, ids, seq, closed. A closed session answers {-2, 0}.
  private static final String APPEND = """
      if redis.call('EXISTS', KEYS[4]) == 1 then return {-2, 0} end
      local prior = redis.call('HGET', KEYS[2], ARGV[1])
      if prior then return {tonumber(prior), 0} end
      local seq = redis.call('INCR', KEYS[3])
      redis.call('XADD', KEYS[1], seq .. '-1', 'm', ARGV[2])
      redis.call('HSET', KEYS[2], ARGV[1], seq)
      for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[3]) end
      return {seq, 1}
      """;

  // KEYS: log, ids, seq, closed, the sender's window. ARGV: id, message, keep ms, window ms, per window.
  // Answers {seq, 1} stored, {seq, 0} a resend, {-3, n} over the limit, {-2, 0} closed. The dedupe check comes
  // before the count, so that a resend after a lost acknowledgement is never counted against the sender.
  private static final String SEND = """
      if redis.call('EXISTS', KEYS[4]) == 1 then return {-2, 0} end
      local prior = redis.call('HGET', KEYS[2], ARGV[1])
      if prior then return {tonumber(prior), 0} end
      local n = redis.call('INCR', KEYS[5])
      if n == 1 then redis.call('PEXPIRE', KEYS[5], ARGV[4]) end
      if n > tonumber(ARGV[5]) then return {-3, n} end
      local seq = redis.call('INCR', KEYS[3])
      redis.call('XADD', KEYS[1], seq .. '-1', 'm', ARGV[2])
      redis.call('HSET', KEYS[2], ARGV[1], seq)
      for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[3]) end
      return {seq, 1, n}
      """;

  private final Redis redis;
  private final RedisAPI api;
  private final RedisKeys keys;
  private final int ackReplicas;
  private final long ackWaitMillis;

  /** {@code ackReplicas}: how many replicas must hold a stored message before it counts as safe (0: no wait). */
  RedisChatLog(Redis redis, RedisKeys keys, int ackReplicas, Duration ackWait) {
    this.redis = redis;
    this.api = RedisAPI.api(redis);
    this.keys = keys;
    this.ackReplicas = ackReplicas;
    this.ackWaitMillis = Math.max(1, ackWait.toMillis());
  }

  /** What a script answered, and whether the replicas asked for hold what it wrote. */
  private record Scripted(Response answer, boolean replicated) {
  }

  /**
   * The script, then (when replicas are asked for) {@code WAIT} in the same batch: one connection, so the WAIT
   * covers exactly this write, and still one round trip.
   */
  private Future<Scripted> script(List<String> args) {
    if (ackReplicas <= 0) {
      return api.eval(args).map(r -> new Scripted(r, true));
    }
    Request eval = Request.cmd(Command.EVAL);
    args.forEach(eval::arg);
    Request wait = Request.cmd(Command.WAIT).arg(ackReplicas).arg(ackWaitMillis);
    return redis.batch(List.of(eval, wait))
        .map(rs -> new Scripted(rs.get(0), rs.get(1).toLong() >= ackReplicas));
  }

  private String key(String sessionId, String part) {
    return keys.of("chat:{" + sessionId + "}:" + part);
  }

  @Override
  public Future<Appended> append(String sessionId, String clientMsgId, JsonObject message, Duration keepFor) {
    return script(List.of(APPEND, "4", key(sessionId, "log"), key(sessionId, "ids"), key(sessionId, "seq"),
            key(sessionId, "closed"), clientMsgId, message.encode(), keep(keepFor)))
        .compose(s -> s.answer().get(0).toLong() == -2 ? Future.failedFuture(new Closed(sessionId))
            : Future.succeededFuture(new Appended(s.answer().get(0).toLong(), s.answer().get(1).toLong() == 1,
                s.replicated())));
  }

  @Override
  public Future<Sent> send(String sessionId, String clientMsgId, String sender, Duration window, long perWindow,
                           JsonObject message, Duration keepFor) {
    return script(List.of(SEND, "5", key(sessionId, "log"), key(sessionId, "ids"), key(sessionId, "seq"),
            key(sessionId, "closed"), key(sessionId, "sent:" + sender), clientMsgId, message.encode(),
            keep(keepFor), Long.toString(Math.max(1, window.toMillis())), Long.toString(perWindow)))
        .map(s -> {
          Response r = s.answer();
          long first = r.get(0).toLong();
          return first == -2 ? new Sent(Outcome.CLOSED, 0, 0)
              : first == -3 ? new Sent(Outcome.RATE_LIMITED, 0, r.get(1).toLong())
              : r.get(1).toLong() == 1 ? new Sent(Outcome.STORED, first, r.get(2).toLong(), s.replicated())
              : new Sent(Outcome.RESENT, first, 0, s.replicated());
        });
  }

  @Override
  public Future<Void> close(String sessionId, Duration markFor) {
    return api.set(List.of(key(sessionId, "closed"), "1", "PX", keep(markFor))).mapEmpty();
  }

  private static String keep(Duration d) {
    return Long.toString(Math.max(1000, d.toMillis()));
  }

  @Override
  public Future<Long> seqOf(String sessionId, String clientMsgId) {
    return api.hget(key(sessionId, "ids"), clientMsgId).map(r -> r == null ? null : r.toLong());
  }

  @Override
  public Future<List<JsonObject>> after(String sessionId, long after, int limit) {
    return api.xrange(List.of(key(sessionId, "log"), (after + 1) + "-0", "+", "COUNT", Integer.toString(limit)))
        .map(r -> {
          List<JsonObject> out = new ArrayList<>();
          for (Response entry : r) {
            long seq = Long.parseLong(entry.get(0).toString().split("-")[0]);
            Response fields = entry.get(1);
            for (int i = 0; i + 1 < fields.size(); i += 2) {
              if ("m".equals(fields.get(i).toString())) {
                out.add(new JsonObject(fields.get(i + 1).toString()).put("seq", seq));
              }
            }
          }
          return out;
        });
  }

  @Override
  public Future<Void> delete(String sessionId) {
    return api.del(List.of(key(sessionId, "log"), key(sessionId, "ids"), key(sessionId, "seq"))).mapEmpty();
  }
}
