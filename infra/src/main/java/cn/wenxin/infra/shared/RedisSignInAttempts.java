package cn.wenxin.infra.shared;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;

import java.time.Duration;
import java.util.List;

/** One Lua script checks all three budgets and counts the attempt: nothing runs between the check and the count. */
final class RedisSignInAttempts implements SignInAttempts {

  // KEYS: pair, account, address, known set. ARGV: window ms, perPair, perAccount, perAddress, perKnownUser,
  // addressCap, account. Answers 0 (reserved) or the milliseconds until the budget that refused opens again.
  private static final String RESERVE = """
      local pair = tonumber(redis.call('GET', KEYS[1]) or '0')
      local acct = tonumber(redis.call('GET', KEYS[2]) or '0')
      local addr = tonumber(redis.call('GET', KEYS[3]) or '0')
      local pairLimit = tonumber(ARGV[2])
      if acct >= tonumber(ARGV[3]) then pairLimit = 1 end
      local function left(k) local t = redis.call('PTTL', k) if t > 0 then return t end return tonumber(ARGV[1]) end
      if pair >= pairLimit then return left(KEYS[1]) end
      if addr > 0 and redis.call('SISMEMBER', KEYS[4], ARGV[7]) == 0 then
        local limit = math.min(tonumber(ARGV[6]),
            tonumber(ARGV[4]) + tonumber(ARGV[5]) * redis.call('SCARD', KEYS[4]))
        if addr >= limit then return left(KEYS[3]) end
      end
      for i = 1, 3 do
        if redis.call('INCR', KEYS[i]) == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[1]) end
      end
      return 0""";

  private static final String SUCCEEDED = """
      redis.call('DEL', KEYS[1])
      for i = 2, 3 do
        if tonumber(redis.call('GET', KEYS[i]) or '0') > 0 then redis.call('DECR', KEYS[i]) end
      end
      redis.call('SADD', KEYS[4], ARGV[2])
      redis.call('PEXPIRE', KEYS[4], ARGV[1])
      return 0""";

  private final RedisAPI api;
  private final RedisKeys keys;

  RedisSignInAttempts(RedisAPI api, RedisKeys keys) {
    this.api = api;
    this.keys = keys;
  }

  @Override
  public Future<Duration> reserve(String account, String address, Limits l) {
    return api.eval(List.of(RESERVE, "4", keys.of(SignInAttempts.pairKey(account, address)),
            keys.of(SignInAttempts.accountKey(account)), keys.of(SignInAttempts.addressKey(address)),
            keys.of(SignInAttempts.knownKey(address)), Long.toString(l.window().toMillis()),
            Integer.toString(l.perPair()), Integer.toString(l.perAccount()), Integer.toString(l.perAddress()),
            Integer.toString(l.perKnownUser()), Integer.toString(l.addressCap()), account))
        .map(r -> r.toLong() == 0 ? null : Duration.ofMillis(r.toLong()));
  }

  @Override
  public Future<Void> succeeded(String account, String address, Limits l) {
    return api.eval(List.of(SUCCEEDED, "4", keys.of(SignInAttempts.pairKey(account, address)),
            keys.of(SignInAttempts.accountKey(account)), keys.of(SignInAttempts.addressKey(address)),
            keys.of(SignInAttempts.knownKey(address)), Long.toString(l.knownFor().toMillis()), account))
        .mapEmpty();
  }
}
