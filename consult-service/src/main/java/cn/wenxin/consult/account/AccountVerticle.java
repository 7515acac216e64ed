package cn.wenxin.consult.account;

import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceEndpoint;
import cn.wenxin.infra.bus.ServiceRequest;
import cn.wenxin.infra.bus.ServiceReply;
import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.mongo.Mongo;
import cn.wenxin.infra.security.AccessTokens;
import cn.wenxin.infra.security.HashingPool;
import cn.wenxin.infra.security.PasswordHasher;
import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.security.Role;
import cn.wenxin.infra.shared.SharedState;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.UUID;

/** Sign-in, token refresh and sign-out, anonymous sessions, and "who am I". */
public class AccountVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(AccountVerticle.class);
  private static final long SWEEP_MS = Duration.ofMinutes(10).toMillis();

  private WenxinConfig config;
  private AccountStore accounts;
  private RefreshTokenStore refreshTokens;
  private LoginThrottle throttle;
  private SharedState shared;
  private AccessTokens tokens;
  private PasswordHasher hasher;
  private HashingPool hashing;
  private AnonymousAccounts anonymousAccounts;
  private String dummyHash;
  private ProfileView profiles;
  private SignInEndOutbox signInEnds;

  @Override
  public Future<?> start() {
    config = WenxinConfig.from(config());
    MongoClient mongo = Mongo.client(vertx, config);
    accounts = new AccountStore(mongo, RecentAccounts.of(vertx));
    refreshTokens = new RefreshTokenStore(mongo, config.auth().refreshTokenTtl());
    hasher = new PasswordHasher(config.auth().argon2MemoryKib(), config.auth().argon2Iterations());
    profiles = new ProfileView(vertx, accounts, config.service().defaultZone());
    hashing = new HashingPool(vertx, config.protection().hashThreads(), config.protection().hashQueue());
    vertx.setPeriodic(SWEEP_MS, id -> refreshTokens.sweepExpired()
        .compose(v -> anonymousAccounts.sweep())
        .onFailure(err -> log.warn("Sweeping expired refresh tokens or idle anonymous accounts failed: {}",
            err.getMessage())));
    return SharedState.of(vertx, config.storage())
        .onSuccess(s -> {
          shared = s;
          throttle = new LoginThrottle(s.signInAttempts(), config);
          anonymousAccounts = new AnonymousAccounts(mongo, RecentAccounts.of(vertx), s.rateLimiter(),
              config.protection().anonymousPerAddress(), config.protection().anonymousRetention());
        })
        .compose(s -> vertx.executeBlocking(() -> {
          tokens = AccessTokens.load(config);
          signInEnds = new SignInEndOutbox(mongo, shared, tokens.ttl());
          // Unknown usernames are checked against this hash so they take as long as known ones.
          dummyHash = hasher.decoy();
          return null;
        }))
        .onSuccess(v -> vertx.setPeriodic(SignInEndOutbox.RETRY_EVERY.toMillis(), id -> signInEnds.retry()
            .onFailure(err -> log.warn("Reading the sign-in end outbox failed: {}", err.getMessage()))))
        .compose(v -> new ServiceEndpoint(Addresses.ACCOUNTS)
            .on("publicConfig", this::publicConfig)
            .on("login", this::login)
            .on("refresh", this::refresh)
            .on("logout", this::logout)
            .on("anonymous", this::anonymous)
            .on("me", req -> profiles.me(req.caller()))
            .on("setFamilySharing", this::setFamilySharing)
            .on("setDisplayName", req -> profiles.setDisplayName(req.caller(), req.bodyObject()))
            .on("adminResetPassword", new PasswordReset(vertx, mongo, hasher)::reset)
            .bind(vertx));
  }

  private Future<JsonObject> publicConfig(ServiceRequest req) {
    JsonArray hotlines = new JsonArray();
    config.service().hotlines().forEach(n -> hotlines.add(new JsonObject().put("number", n)
        .put("label", "全天候心理援助热线").put("labelEn", "24-hour psychological help line")));
    return Future.succeededFuture(new JsonObject()
        .put("hotlines", hotlines)
        .put("defaultTimeZone", config.service().defaultZone().getId())
        .put("policyVersion", config.service().policyVersion()));
  }

  private Future<JsonObject> login(ServiceRequest req) {
    JsonObject body = req.bodyObject();
    String username = body.getString("username").trim().toLowerCase(java.util.Locale.ROOT);
    String password = body.getString("password");
    String address = req.meta("clientAddress");
    // The attempt is counted before the password is checked: parallel guesses cannot overrun the budget.
    return throttle.reserve(username, address)
        .compose(v -> accounts.byUsername(username))
        .compose(account -> hashing.run(() -> {
          String hash = account == null ? dummyHash : account.getString("passwordHash", dummyHash);
          return hasher.verify(password, hash) && account != null ? account : null;
        }))
        .compose(account -> {
          if (account == null) {
            log.info("Failed sign-in for an account name from {}", address);
            return Future.failedFuture(ProblemException.unauthorized("Wrong username or password").withCode("wrong_credentials"));
          }
          return throttle.succeeded(username, address)
              .compose(v -> startSession(account, UUID.randomUUID().toString()));
        });
  }

  private Future<JsonObject> refresh(ServiceRequest req) {
    String token = req.bodyObject().getString("refreshToken");
    return refreshTokens.spend(token).compose(spend -> {
      if (spend instanceof RefreshTokenStore.Spent s) {
        return accounts.byId(s.accountId()).compose(account -> account == null
            ? Future.failedFuture(ProblemException.unauthorized("This account no longer exists").withCode("session_ended"))
            : anonymousAccounts.seen(account).compose(v -> refreshTokens.issue(s.accountId(), s.familyId(),
                s.successor())).map(refresh -> tokensFor(account, s.familyId(), refresh)));
      }
      if (spend instanceof RefreshTokenStore.Replaced r) {
        // Another tab of this sign-in refreshed a moment ago: the same successor, a fresh access token.
        return accounts.byId(r.accountId()).compose(account -> account == null
            ? Future.failedFuture(ProblemException.unauthorized("This account no longer exists").withCode("session_ended"))
            : Future.succeededFuture(tokensFor(account, r.familyId(), r.successor())));
      }
      if (spend instanceof RefreshTokenStore.Reused r) {
        log.warn("A spent or revoked refresh token was presented again; its whole sign-in is ended");
        return endSignIn(r.accountId(), r.familyId()).compose(v -> Future.failedFuture(
            ProblemException.unauthorized("This sign-in has ended. Please sign in again.").withCode("session_ended")));
      }
      return Future.failedFuture(ProblemException.unauthorized("Unknown or expired refresh token").withCode("session_ended"));
    });
  }

  private Future<ServiceReply> logout(ServiceRequest req) {
    Principal p = req.caller();
    return endSignIn(p.id(), p.sessionId()).map(v -> ServiceReply.noContent());
  }

  /**
   * Ends one sign-in everywhere: written to MongoDB (its refresh family revoked, the end kept until the shared log
   * has it), then every gateway refuses its access tokens until the longest could have expired, and its sockets are
   * told to close. With Redis away the sign-out still succeeds; other nodes learn of it once Redis is back.
   */
  private Future<Void> endSignIn(String accountId, String sessionId) {
    return signInEnds.record(sessionId)
        .compose(until -> refreshTokens.revokeFamily(sessionId).compose(v -> signInEnds.share(sessionId, until)))
        .onSuccess(v -> vertx.eventBus().publish(Addresses.userInbox(accountId),
            new JsonObject().put("type", Addresses.SESSION_ENDED).put("sessionId", sessionId)))
        .mapEmpty();
  }

  /** The student's own choice whether linked parents see that their bookings exist (docs/security.md). */
  private Future<JsonObject> setFamilySharing(ServiceRequest req) {
    Principal me = req.caller(Role.STUDENT);
    if (me.anonymous()) {
      return Future.failedFuture(ProblemException.forbidden("An anonymous session has no parents linked"));
    }
    boolean share = req.bodyObject().getBoolean("shareBookingsWithParents");
    return accounts.setStudentField(me.id(), "shareBookingsWithParents", share)
        .map(v -> new JsonObject().put("shareBookingsWithParents", share));
  }

  private Future<JsonObject> anonymous(ServiceRequest req) {
    return anonymousAccounts.create(req.meta("clientAddress"))
        .compose(a -> startSession(a, UUID.randomUUID().toString())
            .map(t -> t.put("pseudonym", a.getString("pseudonym"))));
  }

  private Future<JsonObject> startSession(JsonObject account, String familyId) {
    return refreshTokens.issue(account.getString("_id"), familyId)
        .map(refresh -> tokensFor(account, familyId, refresh));
  }

  private JsonObject tokensFor(JsonObject account, String familyId, String refreshToken) {
    String access = tokens.issue(account.getString("_id"), Role.fromWire(account.getString("role")),
        account.getBoolean("anonymous", false), account.getString("displayName"), familyId);
    return new JsonObject()
        .put("accessToken", access)
        .put("refreshToken", refreshToken)
        .put("expiresIn", tokens.ttl().toSeconds());
  }
}
