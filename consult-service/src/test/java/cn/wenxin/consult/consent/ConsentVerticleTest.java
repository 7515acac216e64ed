package cn.wenxin.consult.consent;

import cn.wenxin.consult.testing.ConsultFixture;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.security.Role;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static cn.wenxin.consult.testing.ConsultFixture.as;
import static cn.wenxin.consult.testing.ConsultFixture.await;
import static cn.wenxin.consult.testing.ConsultFixture.problem;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class ConsentVerticleTest {

  private ConsultFixture f;
  private final Principal parent = as("par-001", Role.PARENT);

  @BeforeEach
  void setUp(Vertx vertx) {
    f = await(ConsultFixture.start(vertx, new JsonObject()));
  }

  private static JsonObject consent(String child, String version) {
    return new JsonObject().put("subjectId", child).put("kind", "guardian").put("policyVersion", version);
  }

  private boolean onFile() {
    JsonObject r = await(f.call(Addresses.CONSENTS, "guardianConsentOnFile", null, new JsonObject(),
        new JsonObject().put("subjectId", "stu-001")));
    return r.getBoolean("onFile");
  }

  @Test
  @DisplayName("Consent to an out-of-date policy version is a 422 naming the current one")
  void wrongVersion() {
    var p = problem(f.call(Addresses.CONSENTS, "grantConsent", parent, new JsonObject(), consent("stu-001", "2020-01")));
    assertThat(p.status()).isEqualTo(422);
    assertThat(p.extensions().getString("policyVersion")).isEqualTo("2026-11");
  }

  @Test
  @DisplayName("A parent cannot consent for a child who is not linked to them")
  void unlinkedChild() {
    assertThat(problem(f.call(Addresses.CONSENTS, "grantConsent", parent, new JsonObject(),
        consent("stu-030", "2026-11"))).status()).isEqualTo(403);
  }

  @Test
  @DisplayName("Withdrawn consent is no longer on file but the record stays with its withdrawal time")
  void withdrawKeepsRecord() {
    JsonObject granted = await(f.call(Addresses.CONSENTS, "grantConsent", parent, new JsonObject(),
        consent("stu-001", "2026-11")));
    boolean before = onFile();
    await(f.call(Addresses.CONSENTS, "withdrawConsent", parent, new JsonObject().put("id", granted.getString("id")),
        null));
    JsonArray list = ((JsonObject) await(f.call(Addresses.CONSENTS, "listConsents", as("stu-001", Role.STUDENT),
        new JsonObject(), null))).getJsonArray("items");
    assertThat(before).isTrue();
    assertThat(onFile()).isFalse();
    assertThat(list.getJsonObject(0).getString("withdrawnAt")).isNotNull();
    assertThat(list.getJsonObject(0).getString("policyVersion")).isEqualTo("2026-11");
  }
}
