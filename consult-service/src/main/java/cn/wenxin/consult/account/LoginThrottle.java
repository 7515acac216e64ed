package cn.wenxin.consult.account;

import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.shared.SignInAttempts;
import io.vertx.core.Future;

import java.time.Duration;

/**
 * Slows password guessing without locking anybody out: each attempt is reserved in the shared state before the
 * password is checked, against the (account, address) pair, the account and the address (docs/security.md). A
 * refusal answers 429 with Retry-After, the same for known and unknown account names.
 */
final class LoginThrottle {

  private final SignInAttempts attempts;
  private final SignInAttempts.Limits limits;

  LoginThrottle(SignInAttempts attempts, WenxinConfig config) {
    this.attempts = attempts;
    WenxinConfig.Protection p = config.protection();
    this.limits = new SignInAttempts.Limits(p.loginWindow(), config.auth().loginFailuresBeforeLock(),
        p.loginAccountAttempts(), p.loginAddressAttempts(), p.loginAddressPerKnownUser(), p.loginAddressCap(),
        Duration.ofDays(30));
  }

  /** Reserves one attempt or fails with 429. */
  Future<Void> reserve(String username, String address) {
    return attempts.reserve(username, address(address), limits).compose(wait -> {
      if (wait == null) {
        return Future.succeededFuture();
      }
      long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
      return Future.failedFuture(ProblemException.tooManyRequests(
          "Too many sign-in attempts. Try again in " + minutes(seconds) + ".", seconds));
    });
  }

  Future<Void> succeeded(String username, String address) {
    return attempts.succeeded(username, address(address), limits);
  }

  private static String address(String address) {
    return address == null ? "unknown" : address;
  }

  private static String minutes(long seconds) {
    return seconds < 120 ? seconds + " seconds" : (seconds + 59) / 60 + " minutes";
  }
}
