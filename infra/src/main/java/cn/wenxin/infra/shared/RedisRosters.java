package cn.wenxin.infra.shared;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A group is two keys: a sorted set (name scored by its expiry, epoch ms) and a hash (name -> value). Each operation
 * is one Lua script, so it is atomic; expired names are dropped by the script that meets them. The keys themselves
 * expire a day after the last write, so a forgotten group does not stay forever.
 */
final class RedisRosters implements Rosters {

  private static final long KEEP_MS = Duration.ofDays(1).toMillis();

  // KEYS: exp, val. ARGV: until, keep, then name/value pairs.
  private static final String PUT = "for i = 3, #ARGV, 2 do redis.call('ZADD', KEYS[1], ARGV[1], ARGV[i]) "
      + "redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end "
      + "redis.call('PEXPIRE', KEYS[1], ARGV[2]) redis.call('PEXPIRE', KEYS[2], ARGV[2]) return 1";
  private static final String PRUNE = "local old = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1]) "
      + "for _, n in ipairs(old) do redis.call('HDEL', KEYS[2], n) end "
      + "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1]) ";
  // ARGV: now, until, keep, names...
  private static final String TOUCH = PRUNE + "for i = 4, #ARGV do redis.call('ZADD', KEYS[1], 'XX', ARGV[2], ARGV[i]) "
      + "end redis.call('PEXPIRE', KEYS[1], ARGV[3]) redis.call('PEXPIRE', KEYS[2], ARGV[3]) return 1";
  // ARGV: now, until, keep, name, value, cap
  private static final String JOIN = PRUNE + "if redis.call('ZSCORE', KEYS[1], ARGV[4]) then return 1 end "
      + "if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[6]) then return 0 end "
      + "redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4]) redis.call('HSET', KEYS[2], ARGV[4], ARGV[5]) "
      + "redis.call('PEXPIRE', KEYS[1], ARGV[3]) redis.call('PEXPIRE', KEYS[2], ARGV[3]) return 1";
  // ARGV: name
  private static final String TAKE = "local v = redis.call('HGET', KEYS[2], ARGV[1]) "
      + "redis.call('HDEL', KEYS[2], ARGV[1]) redis.call('ZREM', KEYS[1], ARGV[1]) return v";
  // ARGV: now
  private static final String LIVE = PRUNE + "return redis.call('HGETALL', KEYS[2])";
  // ARGV: now, value
  private static final String COUNT_VALUE = PRUNE + "local n = 0 for _, v in ipairs(redis.call('HVALS', KEYS[2])) do "
      + "if v == ARGV[2] then n = n + 1 end end return n";
  private static final String COUNT = "local n = redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2]) "
      + "redis.call('PEXPIRE', KEYS[1], ARGV[3]) return n";

  private static final String TALLY = "return redis.call('HGETALL', KEYS[1])";

  private final RedisAPI api;
  private final RedisKeys keys;

  RedisRosters(RedisAPI api, RedisKeys keys) {
    this.api = api;
    this.keys = keys;
  }

  private List<String> script(String lua, String group) {
    List<String> args = new ArrayList<>();
    args.add(lua);
    args.add("2");
    args.add(keys.of("roster:" + group + ":exp"));
    args.add(keys.of("roster:" + group + ":val"));
    return args;
  }

  private static String keep(Duration ttl) {
    return Long.toString(Math.max(KEEP_MS, ttl.toMillis()));
  }

  @Override
  public Future<Void> put(String group, Map<String, String> entries, Duration ttl) {
    if (entries.isEmpty()) {
      return Future.succeededFuture();
    }
    List<String> args = script(PUT, group);
    args.add(Long.toString(System.currentTimeMillis() + ttl.toMillis()));
    args.add(keep(ttl));
    entries.forEach((k, v) -> {
      args.add(k);
      args.add(v);
    });
    return api.eval(args).mapEmpty();
  }

  @Override
  public Future<Void> touch(String group, Collection<String> names, Duration ttl) {
    if (names.isEmpty()) {
      return Future.succeededFuture();
    }
    long now = System.currentTimeMillis();
    List<String> args = script(TOUCH, group);
    args.add(Long.toString(now));
    args.add(Long.toString(now + ttl.toMillis()));
    args.add(keep(ttl));
    args.addAll(names);
    return api.eval(args).mapEmpty();
  }

  @Override
  public Future<Boolean> join(String group, String name, String value, Duration ttl, int cap) {
    long now = System.currentTimeMillis();
    List<String> args = script(JOIN, group);
    args.addAll(List.of(Long.toString(now), Long.toString(now + ttl.toMillis()), keep(ttl), name, value,
        Integer.toString(cap)));
    return api.eval(args).map(r -> r != null && r.toLong() == 1);
  }

  @Override
  public Future<String> take(String group, String name) {
    List<String> args = script(TAKE, group);
    args.add(name);
    return api.eval(args).map(r -> r == null ? null : r.toString());
  }

  @Override
  public Future<Long> countValue(String group, String value) {
    List<String> args = script(COUNT_VALUE, group);
    args.add(Long.toString(System.currentTimeMillis()));
    args.add(value);
    return api.eval(args).map(Response::toLong);
  }

  @Override
  public Future<Map<String, String>> live(String group) {
    List<String> args = script(LIVE, group);
    args.add(Long.toString(System.currentTimeMillis()));
    return api.eval(args).map(r -> {
      Map<String, String> out = new HashMap<>();
      if (r != null) {
        for (int i = 0; i + 1 < r.size(); i += 2) {
          out.put(r.get(i).toString(), r.get(i + 1).toString());
        }
      }
      return out;
    });
  }

  @Override
  public Future<Long> count(String tally, String field, long by, Duration keep) {
    return api.eval(List.of(COUNT, "1", keys.of("tally:" + tally), field, Long.toString(by),
        Long.toString(Math.max(1, keep.toMillis())))).map(Response::toLong);
  }

  @Override
  public Future<Map<String, Long>> tally(String tally) {
    return api.eval(List.of(TALLY, "1", keys.of("tally:" + tally))).map(r -> {
      Map<String, Long> out = new TreeMap<>();
      for (int i = 0; r != null && i + 1 < r.size(); i += 2) {
        out.put(r.get(i).toString(), r.get(i + 1).toLong());
      }
      return out;
    });
  }
}
