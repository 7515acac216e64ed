package cn.wenxin.infra.shared;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Redis stream: its ids order entries by when Redis took them (a sign-out retried after an outage comes after
 * every cursor that was read before), and adding trims what is older than any token can live.
 */
final class RedisSignInEnds implements SignInEnds {

  static final String STREAM = "sign-in-ends";

  private final RedisAPI api;
  private final String key;

  RedisSignInEnds(RedisAPI api, RedisKeys keys) {
    this.api = api;
    this.key = keys.of(STREAM);
  }

  @Override
  public Future<Void> add(String sessionId, Duration refuseFor) {
    long now = System.currentTimeMillis();
    long keepMs = Math.max(1, refuseFor.toMillis());
    // Entries are kept as long as the one just added; "~" lets Redis trim whole nodes only, which is cheap.
    return api.xadd(List.of(key, "MINID", "~", Long.toString(now - keepMs), "*",
        "sid", sessionId, "until", Long.toString(now + keepMs))).mapEmpty();
  }

  @Override
  public Future<Page> after(String cursor, int max) {
    String from = cursor == null ? "-" : "(" + cursor;
    return api.xrange(List.of(key, from, "+", "COUNT", Integer.toString(max))).map(r -> {
      List<Ended> ended = new ArrayList<>(r == null ? 0 : r.size());
      String last = cursor == null ? "0-0" : cursor;
      if (r != null) {
        for (Response entry : r) {
          last = entry.get(0).toString();
          Response fields = entry.get(1);
          String sid = null;
          long until = 0;
          for (int i = 0; i + 1 < fields.size(); i += 2) {
            String name = fields.get(i).toString();
            if ("sid".equals(name)) {
              sid = fields.get(i + 1).toString();
            } else if ("until".equals(name)) {
              until = fields.get(i + 1).toLong();
            }
          }
          if (sid != null) {
            ended.add(new Ended(sid, until));
          }
        }
      }
      return new Page(ended, last);
    });
  }
}
