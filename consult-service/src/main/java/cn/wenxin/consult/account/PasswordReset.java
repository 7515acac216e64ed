package cn.wenxin.consult.account;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.consult.audit.AuditLog;
import cn.wenxin.infra.bus.ServiceRequest;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.security.PasswordHasher;
import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.security.Role;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.security.SecureRandom;

/**
 * An admin resets an account's password: a temporary one is made, shown once to the admin, and must be changed; the
 * account's sign-ins on file (refresh tokens) end. Audited.
 */
final class PasswordReset {

  // No 0/O, 1/l/I: the admin reads it out to the person.
  private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  private static final int LENGTH = 12;

  private final Vertx vertx;
  private final MongoClient mongo;
  private final PasswordHasher hasher;
  private final AuditLog audit;
  private final SecureRandom random = new SecureRandom();

  PasswordReset(Vertx vertx, MongoClient mongo, PasswordHasher hasher) {
    this.vertx = vertx;
    this.mongo = mongo;
    this.hasher = hasher;
    this.audit = new AuditLog(mongo);
  }

  Future<JsonObject> reset(ServiceRequest r) {
    Principal admin = r.caller(Role.ADMIN);
    String username = r.bodyObject().getString("username", "");
    String temporary = temporaryPassword();
    return mongo.findOne(ConsultCollections.ACCOUNTS, new JsonObject().put("username", username), null)
        .compose(account -> account == null
            ? Future.failedFuture(ProblemException.notFound("No account " + username))
            : vertx.executeBlocking(() -> hasher.hash(temporary)).compose(hash -> mongo.updateCollection(
                ConsultCollections.ACCOUNTS, new JsonObject().put("_id", account.getString("_id")),
                new JsonObject().put("$set", new JsonObject().put("passwordHash", hash).put("mustChangePassword", true))))
            .compose(done -> mongo.removeDocuments(ConsultCollections.REFRESH_TOKENS,
                new JsonObject().put("accountId", account.getString("_id"))))
            .compose(done -> audit.record(admin.id(), admin.role().wire(), "account.reset_password",
                account.getString("_id")))
            .map(v -> new JsonObject().put("accountId", account.getString("_id")).put("temporaryPassword", temporary)));
  }

  private String temporaryPassword() {
    StringBuilder sb = new StringBuilder(LENGTH);
    for (int i = 0; i < LENGTH; i++) {
      sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }
}
