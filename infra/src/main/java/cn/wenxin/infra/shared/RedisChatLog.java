package cn.wenxin.infra.shared;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Redis Stream per session whose entry ids are {@code <seq>-1}, so a resume is one XRANGE from {@code after+1}.
 * Deduplication, numbering and the append are one Lua script: atomic, so two resends racing each other still give
 * one entry. The keys share a hash tag so the script also runs on a Redis Cluster.
 */
final class RedisChatLog implements ChatLog {

  private static final String APPEND = """
      local prior = redis.call('HGET', KEYS[2], ARGV[1])
      if prior then return {tonumber(prior), 0} end
      local seq = redis.call('INCR', KEYS[3])
      redis.call('XADD', KEYS[1], seq .. '-1', 'm', ARGV[2])
      redis.call('HSET', KEYS[2], ARGV[1], seq)
      for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[3]) end
      return {seq, 1}
      """;

  // The dedupe check first, so that a resend after a lost acknowledgement is never counted against the sender.
  private static final String ADMIT = """
      local prior = redis.call('HGET', KEYS[1], ARGV[1])
      if prior then return {tonumber(prior), 0} end
      local n = redis.call('INCR', KEYS[2])
      if n == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end
      return {-1, n}
      """;

  private final RedisAPI api;
  private final RedisKeys keys;

  RedisChatLog(RedisAPI api, RedisKeys keys) {
    this.api = api;
    this.keys = keys;
  }

  private String key(String sessionId, String part) {
    return keys.of("chat:{" + sessionId + "}:" + part);
  }

  @Override
  public Future<Appended> append(String sessionId, String clientMsgId, JsonObject message, Duration keepFor) {
    return api.eval(List.of(APPEND, "3", key(sessionId, "log"), key(sessionId, "ids"), key(sessionId, "seq"),
            clientMsgId, message.encode(), Long.toString(Math.max(1000, keepFor.toMillis()))))
        .map(r -> new Appended(r.get(0).toLong(), r.get(1).toLong() == 1));
  }

  @Override
  public Future<Admission> admit(String sessionId, String clientMsgId, String sender, Duration window) {
    return api.eval(List.of(ADMIT, "2", key(sessionId, "ids"), key(sessionId, "sent:" + sender), clientMsgId,
            Long.toString(Math.max(1, window.toMillis()))))
        .map(r -> r.get(0).toLong() >= 0 ? new Admission(r.get(0).toLong(), 0) : new Admission(null, r.get(1).toLong()));
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
