package cn.wenxin.consult.account;

import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.shared.SharedState;
import io.vertx.core.Future;

import java.time.Duration;

/**
 * Slows down password guessing, per account and per client address, through the shared state (Redis): after a few
 * failures a lock that doubles with each further failure, up to a cap. A lock answers 429 with Retry-After.
 */
final class LoginThrottle {

  private static final Duration FAILURE_WINDOW = Duration.ofHours(1);
  // An address may be a whole school behind one NAT: it gets ten times the room of one account.
  private static final int ADDRESS_FACTOR = 10;

  private final SharedState shared;
  private final WenxinConfig.Auth auth;

  LoginThrottle(SharedState shared, WenxinConfig.Auth auth) {
    this.shared = shared;
    this.auth = auth;
  }

  Future<Void> check(String username, String address) {
    return lockLeft("account:" + username)
        .compose(v -> address == null ? Future.succeededFuture() : lockLeft("address:" + address));
  }

  Future<Void> recordFailure(String username, String address) {
    Future<Void> account = fail("account:" + username, auth.loginFailuresBeforeLock());
    if (address == null) {
      return account;
    }
    return account.compose(v -> fail("address:" + address, auth.loginFailuresBeforeLock() * ADDRESS_FACTOR));
  }

  Future<Void> recordSuccess(String username) {
    return shared.rateLimiter().reset("login:fail:account:" + username);
  }

  private Future<Void> lockLeft(String who) {
    return shared.holds().remaining("login:lock:" + who).compose(left -> {
      if (left == null) {
        return Future.succeededFuture();
      }
      long seconds = Math.max(1, (left.toMillis() + 999) / 1000);
      return Future.failedFuture(ProblemException.tooManyRequests(
          "Too many failed sign-ins. Try again in " + seconds + " seconds.", seconds));
    });
  }

  private Future<Void> fail(String who, int allowed) {
    return shared.rateLimiter().hit("login:fail:" + who, FAILURE_WINDOW).compose(count -> {
      if (count < allowed) {
        return Future.succeededFuture();
      }
      long doublings = Math.min(count - allowed, 20);
      long seconds = Math.min(auth.loginMaxLock().toSeconds(), auth.loginBaseLock().toSeconds() << doublings);
      return shared.holds().release("login:lock:" + who)
          .compose(v -> shared.holds().hold("login:lock:" + who, Long.toString(count), Duration.ofSeconds(seconds)))
          .mapEmpty();
    });
  }
}
