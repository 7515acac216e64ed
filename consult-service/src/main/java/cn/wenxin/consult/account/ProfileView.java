package cn.wenxin.consult.account;

import cn.wenxin.consult.consent.Guardianship;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceClient;
import cn.wenxin.infra.bus.ServiceRequest;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.security.Principal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/** What a signed-in person may see of their own account: never the password hash, never another's data. */
final class ProfileView {

  private final ServiceClient services;
  private final AccountStore accounts;
  private final ZoneId zone;

  ProfileView(Vertx vertx, AccountStore accounts, ZoneId zone) {
    this.zone = zone;
    this.services = new ServiceClient(vertx);
    this.accounts = accounts;
  }

  Future<JsonObject> me(Principal caller) {
    return accounts.recentById(caller.id()).compose(account -> {
      if (account == null) {
        return Future.failedFuture(ProblemException.notFound("This account no longer exists"));
      }
      JsonObject me = new JsonObject()
          .put("id", account.getString("_id"))
          .put("role", account.getString("role"))
          .put("displayName", account.getBoolean("anonymous", false)
              ? account.getString("displayName") : DisplayNames.shown(account))
          .put("anonymous", account.getBoolean("anonymous", false));
      if (account.containsKey("pseudonym")) {
        me.put("pseudonym", account.getString("pseudonym"));
      }
      JsonObject student = account.getJsonObject("student");
      if (student != null) {
        me.put("grade", student.getInteger("grade")).put("school", student.getString("school"))
            .put("shareBookingsWithParents", student.getBoolean("shareBookingsWithParents", false))
            .put("under14", Guardianship.underConsentAge(account, LocalDate.now(zone)));
      }
      List<String> children = account.getJsonArray("children", new JsonArray()).stream().map(Object::toString).toList();
      if (children.isEmpty()) {
        return Future.succeededFuture(me);
      }
      return accounts.byIds(children)
          .compose(kids -> Future.all(kids.stream().map(this::child).toList()))
          .map(all -> me.put("children", new JsonArray(all.list())));
    });
  }

  private Future<JsonObject> child(JsonObject kid) {
    JsonObject s = kid.getJsonObject("student", new JsonObject());
    boolean under14 = Guardianship.underConsentAge(kid, LocalDate.now(zone));
    JsonObject view = new JsonObject()
        .put("id", kid.getString("_id"))
        .put("displayName", kid.getString("displayName"))
        .put("grade", s.getInteger("grade"))
        .put("school", s.getString("school"))
        .put("under14", under14);
    ServiceRequest ask = ServiceRequest.of(null, new JsonObject(), new JsonObject().put("subjectId", view.getString("id")));
    return services.<JsonObject>ask(Addresses.CONSENTS, "guardianConsentOnFile", ask)
        .map(r -> view.put("guardianConsent", r.getBoolean("onFile", false)));
  }

  /** The person's own choice of the name pages show for them (blank: back to their given name). */
  Future<JsonObject> setDisplayName(Principal caller, JsonObject body) {
    String chosen = body.getString("displayName", "").strip();
    if (chosen.length() > DisplayNames.MAX_LENGTH) {
      return Future.failedFuture(ProblemException.unprocessable("A display name has at most 20 characters"));
    }
    JsonObject update = chosen.isEmpty()
        ? new JsonObject().put("$unset", new JsonObject().put("preferredName", ""))
        : new JsonObject().put("$set", new JsonObject().put("preferredName", chosen));
    return accounts.update(caller.id(), update).compose(v -> me(caller));
  }
}
