package cn.wenxin.consult.consent;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.infra.error.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.time.LocalDate;
import java.time.Period;
import java.util.List;

/** Who is whose child, read from the accounts the account service owns (read-only here). */
public final class Guardianship {

  /** PIPL art. 31: personal information of a child under 14 needs a guardian's consent. */
  public static final int CONSENT_AGE = 14;

  private final MongoClient mongo;

  public Guardianship(MongoClient mongo) {
    this.mongo = mongo;
  }

  public Future<JsonObject> account(String id) {
    return mongo.findOne(ConsultCollections.ACCOUNTS, new JsonObject().put("_id", id),
        new JsonObject().put("passwordHash", 0));
  }

  public Future<List<String>> childrenOf(String parentId) {
    return account(parentId).map(p -> p == null ? List.of() : p.getJsonArray("children", new JsonArray()).stream()
        .map(Object::toString).toList());
  }

  /** Fails with 403 unless the child is linked to this parent. */
  public Future<JsonObject> linkedChild(String parentId, String childId) {
    return childrenOf(parentId).compose(children -> children.contains(childId)
        ? account(childId)
        : Future.failedFuture(ProblemException.forbidden("You can act only for a child linked to your account")
            .withCode("not_your_child")));
  }

  /**
   * True when the student is younger than 14 on {@code today}. An unknown birth date counts as a child's: asking a
   * guardian once too often is the safe side of PIPL art. 31.
   */
  public static boolean underConsentAge(JsonObject student, LocalDate today) {
    JsonObject s = student == null ? null : student.getJsonObject("student");
    String birth = s == null ? null : s.getString("birthDate");
    if (birth == null) {
      return true;
    }
    return Period.between(LocalDate.parse(birth), today).getYears() < CONSENT_AGE;
  }

  public static List<String> guardians(JsonObject student) {
    return student == null ? List.of()
        : student.getJsonArray("guardians", new JsonArray()).stream().map(Object::toString).toList();
  }
}
