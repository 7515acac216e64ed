package cn.wenxin.consult.account;

import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceEndpoint;
import cn.wenxin.infra.bus.ServiceRequest;
import cn.wenxin.infra.bus.ServiceReply;
import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.mongo.Mongo;
import cn.wenxin.infra.security.AccessTokens;
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
import java.time.Instant;
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
  private String dummyHash;
  private ProfileView profiles;

  @Override
  public Future<?> start() {
    config = WenxinConfig.from(config());
    MongoClient mongo = Mongo.client(vertx, config);
    accounts = new AccountStore(mongo);
    refreshTokens = new RefreshTokenStore(mongo, config.auth().refreshTokenTtl());
    hasher = new PasswordHasher(config.auth().argon2MemoryKib(), config.auth().argon2Iterations());
    profiles = new ProfileView(vertx, accounts, config.service().defaultZone());
    vertx.setPeriodic(SWEEP_MS, id -> refreshTokens.sweepExpired()
        .onFailure(err -> log.warn("Sweeping expired refresh tokens failed: {}", err.getMessage())));
    return SharedState.of(vertx, config.storage())
        .onSuccess(s -> {
          shared = s;
          throttle = new LoginThrottle(s, config.auth());
        })
        .compose(s -> vertx.executeBlocking(() -> {
          tokens = AccessTokens.load(config);
          // Unknown usernames are checked against this hash so they take as long as known ones.
          dummyHash = hasher.hash(UUID.randomUUID().toString());
          return null;
        }))
        .compose(v -> new ServiceEndpoint(Addresses.ACCOUNTS)
            .on("publicConfig", this::publicConfig)
            .on("login", this::login)
            .on("refresh", this::refresh)
            .on("logout", this::logout)
            .on("anonymous", this::anonymous)
            .on("me", req -> profiles.me(req.caller()))
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
    return throttle.check(username, address)
        .compose(v -> accounts.byUsername(username))
        .compose(account -> vertx.executeBlocking(() -> {
          String hash = account == null ? dummyHash : account.getString("passwordHash", dummyHash);
          return hasher.verify(password, hash) && account != null ? account : null;
        }))
        .compose(account -> {
          if (account == null) {
            log.info("Failed sign-in for an account name from {}", address);
            return throttle.recordFailure(username, address)
                .compose(v -> Future.failedFuture(ProblemException.unauthorized("Wrong username or password")
                    .withCode("wrong_credentials")));
          }
          return throttle.recordSuccess(username).compose(v -> startSession(account, UUID.randomUUID().toString()));
        });
  }

  private Future<JsonObject> refresh(ServiceRequest req) {
    String token = req.bodyObject().getString("refreshToken");
    return refreshTokens.spend(token).compose(spend -> {
      if (spend instanceof RefreshTokenStore.Spent s) {
        return accounts.byId(s.accountId()).compose(account -> account == null
            ? Future.failedFuture(ProblemException.unauthorized("This account no longer exists")
                .withCode("session_ended"))
            : startSession(account, s.familyId()));
      }
      if (spend instanceof RefreshTokenStore.Reused r) {
        log.warn("A spent or revoked refresh token was presented again; its whole family is revoked");
        return refreshTokens.revokeFamily(r.familyId()).compose(v -> Future.failedFuture(
            ProblemException.unauthorized("This sign-in has ended. Please sign in again.")
                .withCode("session_ended")));
      }
      return Future.failedFuture(ProblemException.unauthorized("Unknown or expired refresh token")
          .withCode("session_ended"));
    });
  }

  private Future<ServiceReply> logout(ServiceRequest req) {
    Principal p = req.caller();
    long left = Math.max(1, p.expiresAtEpochSecond() - Instant.now().getEpochSecond());
    // The access token stays denied until it would have expired; the refresh family ends now.
    return shared.holds().hold("deny:jti:" + p.tokenId(), "logout", Duration.ofSeconds(left))
        .compose(v -> p.sessionId() == null ? Future.succeededFuture() : refreshTokens.revokeFamily(p.sessionId()))
        .onSuccess(v -> vertx.eventBus().publish(Addresses.userInbox(p.id()),
            new JsonObject().put("type", Addresses.SESSION_ENDED).put("sessionId", p.sessionId())))
        .map(v -> ServiceReply.noContent());
  }

  private Future<JsonObject> anonymous(ServiceRequest req) {
    String pseudonym = Pseudonyms.next();
    JsonObject account = new JsonObject()
        .put("_id", "anon-" + UUID.randomUUID())
        .put("role", Role.STUDENT.wire())
        .put("anonymous", true)
        .put("pseudonym", pseudonym)
        .put("displayName", pseudonym)
        .put("createdAt", new JsonObject().put("$date", Instant.now().toString()));
    return accounts.insert(account)
        .compose(a -> startSession(a, UUID.randomUUID().toString()))
        .map(t -> t.put("pseudonym", pseudonym));
  }

  private Future<JsonObject> startSession(JsonObject account, String familyId) {
    String id = account.getString("_id");
    Role role = Role.fromWire(account.getString("role"));
    boolean anonymous = account.getBoolean("anonymous", false);
    String access = tokens.issue(id, role, anonymous, account.getString("displayName"), familyId);
    return refreshTokens.issue(id, familyId).map(refresh -> new JsonObject()
        .put("accessToken", access)
        .put("refreshToken", refresh)
        .put("expiresIn", tokens.ttl().toSeconds()));
  }
}
