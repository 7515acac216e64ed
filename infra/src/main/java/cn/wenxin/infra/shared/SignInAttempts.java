package cn.wenxin.infra.shared;

import io.vertx.core.Future;

import java.time.Duration;

/**
 * Sign-in attempts, reserved before a password is checked so that parallel guesses cannot overrun a limit. Three
 * counters per window: the (account, address) pair, the account, the address. A guesser runs out of the pair's
 * budget; the account's owner elsewhere does not. Policy and numbers: docs/security.md.
 */
public interface SignInAttempts {

  /**
   * @param window        how long a counter lives after its first attempt
   * @param perPair       attempts one address has at one account
   * @param perAccount    attempts at one account from everywhere; beyond it each further address gets one
   * @param perAddress    attempts from one address at accounts that never signed in from there
   * @param perKnownUser  extra address budget for each account that did sign in from there
   * @param addressCap    the most an address's budget grows to
   * @param knownFor      how long a successful sign-in makes an account known at an address
   */
  record Limits(Duration window, int perPair, int perAccount, int perAddress, int perKnownUser, int addressCap,
                Duration knownFor) {
  }

  /** Counts one attempt if every budget allows it; answers null then, else how long until one would. */
  Future<Duration> reserve(String account, String address, Limits limits);

  /** The attempt was the right password: the pair starts over, the attempt is given back, the account is known. */
  Future<Void> succeeded(String account, String address, Limits limits);

  static String pairKey(String account, String address) {
    return "login:pair:" + account + "|" + address;
  }

  static String accountKey(String account) {
    return "login:account:" + account;
  }

  static String addressKey(String address) {
    return "login:address:" + address;
  }

  static String knownKey(String address) {
    return "login:known:" + address;
  }
}
