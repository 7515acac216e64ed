package cn.wenxin.gateway.api;

import cn.wenxin.infra.security.AccessTokens;
import cn.wenxin.infra.security.Principal;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens this gateway instance has already verified, with what they proved, until they expire: checking the
 * signature and parsing the claims (jjwt) costs more than the rest of a light request. Keyed by the whole token, so
 * only the exact string that passed verification hits, and expiry is checked again on every hit. Whether a token
 * was signed out is not its business ({@link EndedSignIns}).
 */
final class VerifiedTokens {

  private static final int MAX_ENTRIES = 20_000;

  private final AccessTokens tokens;
  private final Map<String, Principal> verified = new ConcurrentHashMap<>();

  VerifiedTokens(AccessTokens tokens) {
    this.tokens = tokens;
  }

  Optional<Principal> verify(String token) {
    long now = Instant.now().getEpochSecond();
    Principal known = verified.get(token);
    if (known != null) {
      if (known.expiresAtEpochSecond() > now) {
        return Optional.of(known);
      }
      verified.remove(token);
    }
    Optional<Principal> p = tokens.verify(token);
    p.ifPresent(principal -> {
      if (verified.size() >= MAX_ENTRIES) {
        verified.values().removeIf(v -> v.expiresAtEpochSecond() <= now);
        if (verified.size() >= MAX_ENTRIES) {
          verified.clear();
        }
      }
      verified.put(token, principal);
    });
    return p;
  }
}
