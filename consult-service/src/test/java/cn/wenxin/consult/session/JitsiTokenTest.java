package cn.wenxin.consult.session;

import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.security.Role;
import io.jsonwebtoken.Jwts;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import static cn.wenxin.consult.testing.ConsultFixture.as;
import static cn.wenxin.consult.testing.ConsultFixture.await;
import static cn.wenxin.consult.testing.ConsultFixture.problem;
import static org.assertj.core.api.Assertions.assertThat;

/** Every claim ../shared/jitsi.md names, checked on tokens minted through the session service. */
@ExtendWith(VertxExtension.class)
class JitsiTokenTest {

  private static final String SECRET = "a-prosody-app-secret-of-32-bytes-at-least";
  private static final Principal STUDENT = as("stu-030", Role.STUDENT);
  private static final Principal EXPERT = as("exp-001", Role.EXPERT);

  private static JsonObject part(String jwt, int i) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[i]), StandardCharsets.UTF_8));
  }

  /** An admitted session; answers {sessionId, student token answer, expert token answer}. */
  private static JsonObject admitted(SessionFixture s) {
    JsonObject booking = s.booking("stu-030", "exp-001", Duration.ofMinutes(4), "pseudonym");
    String id = s.open(EXPERT, booking).getString("id");
    await(s.call("joinSession", STUDENT, id, null));
    await(s.call("admitSession", EXPERT, id, null));
    return new JsonObject().put("id", id).put("student", await(s.call("sessionVideo", STUDENT, id, null)))
        .put("expert", await(s.call("sessionVideo", EXPERT, id, null)));
  }

  @Test
  @DisplayName("self-hosted: HS256 with typ JWT, iss/aud/sub/room, numeric nbf backdated and exp at the window's close")
  void selfHosted(Vertx vertx) {
    SessionFixture s = await(SessionFixture.start(vertx, new JsonObject().put("WENXIN_JITSI_DOMAIN", "meet.school.cn")
        .put("WENXIN_JITSI_APP_ID", "wenxin").put("WENXIN_JITSI_SECRET", SECRET)));
    JsonObject r = admitted(s);
    JsonObject session = await(s.f.mongo.findOne("sessions", new JsonObject().put("_id", r.getString("id")), null));
    String studentJwt = r.getJsonObject("student").getString("token");
    JsonObject header = part(studentJwt, 0);
    assertThat(header.getString("alg")).isEqualTo("HS256");
    assertThat(header.getString("typ")).isEqualTo("JWT");
    JsonObject claims = part(studentJwt, 1);
    assertThat(claims.getString("iss")).isEqualTo("wenxin");
    assertThat(claims.getValue("aud")).isEqualTo("wenxin");
    assertThat(claims.getString("sub")).isEqualTo("meet.school.cn");
    assertThat(claims.getString("room")).isEqualTo(session.getString("room")).matches("[a-z0-9]{30,}");
    assertThat(claims.getValue("exp")).isInstanceOf(Number.class);
    assertThat(claims.getValue("nbf")).isInstanceOf(Number.class);
    assertThat(claims.getLong("nbf")).isEqualTo(Instant.parse(session.getString("opensAt")).getEpochSecond() - 30);
    assertThat(claims.getLong("exp")).isEqualTo(Instant.parse(session.getString("closesAt")).getEpochSecond());
    JsonObject user = claims.getJsonObject("context").getJsonObject("user");
    user.forEach(e -> assertThat(e.getValue()).as(e.getKey()).isInstanceOf(String.class));
    assertThat(user.getString("name")).isEqualTo("蓝色海豚-1234");
    assertThat(user.getString("id")).isEqualTo(session.getString("participantId")).doesNotContain("stu-030");
    assertThat(user.getString("moderator")).isEqualTo("false");
    assertThat(user.getString("affiliation")).isEqualTo("member");
    JsonObject features = claims.getJsonObject("context").getJsonObject("features");
    assertThat(features.getString("recording")).isEqualTo("false");
    assertThat(features.getString("livestreaming")).isEqualTo("false");
    assertThat(features.getString("transcription")).isEqualTo("false");
    JsonObject expert = part(r.getJsonObject("expert").getString("token"), 1).getJsonObject("context")
        .getJsonObject("user");
    assertThat(expert.getString("moderator")).isEqualTo("true");
    assertThat(expert.getString("affiliation")).isEqualTo("owner");
    // The signature verifies with the deployment's secret.
    var verified = Jwts.parser().verifyWith(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
        .build().parseSignedClaims(studentJwt).getPayload();
    assertThat(verified.get("room")).isEqualTo(session.getString("room"));
    assertThat(r.getJsonObject("student").getString("serviceUrl")).isEqualTo("wss://meet.school.cn/xmpp-websocket");
  }

  @Test
  @DisplayName("no token for a third person, for a student not yet admitted, before the window or after the end")
  void refusals(Vertx vertx) {
    SessionFixture s = await(SessionFixture.start(vertx, new JsonObject().put("WENXIN_JITSI_DOMAIN", "meet.school.cn")
        .put("WENXIN_JITSI_SECRET", SECRET)));
    String id = s.open(EXPERT, s.booking("stu-031", "exp-001", Duration.ofMinutes(4), "pseudonym")).getString("id");
    Principal student = as("stu-031", Role.STUDENT);
    assertThat(problem(s.call("sessionVideo", as("exp-002", Role.EXPERT), id, null)).status()).isEqualTo(404);
    assertThat(problem(s.call("sessionVideo", as("stu-032", Role.STUDENT), id, null)).status()).isEqualTo(404);
    await(s.call("joinSession", student, id, null));
    assertThat(reason(s.call("sessionVideo", student, id, null))).isEqualTo("not_admitted");
    String later = s.open(EXPERT, s.booking("stu-033", "exp-001", Duration.ofHours(3), "pseudonym")).getString("id");
    assertThat(reason(s.call("sessionVideo", EXPERT, later, null))).isEqualTo("outside_window");
    await(s.call("admitSession", EXPERT, id, null));
    await(s.call("endSession", EXPERT, id, null));
    assertThat(reason(s.call("sessionVideo", EXPERT, id, null))).isEqualTo("session_ended");
  }

  private static String reason(io.vertx.core.Future<?> f) {
    ProblemException p = problem(f);
    return p.extensions().getString("reason");
  }

  @Test
  @DisplayName("JaaS: RS256 signed with the tenant's key, kid tenant/key id, iss chat, aud jitsi, sub the tenant")
  void jaas(Vertx vertx) throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    KeyPair pair = gen.generateKeyPair();
    String pem = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----";
    SessionFixture s = await(SessionFixture.start(vertx, new JsonObject().put("WENXIN_JITSI_DOMAIN", "8x8.vc")
        .put("WENXIN_JITSI_TENANT", "vpaas-magic-cookie-abc").put("WENXIN_JITSI_KID", "key1")
        .put("WENXIN_JITSI_PRIVATE_KEY", pem)));
    JsonObject r = admitted(s);
    String jwt = r.getJsonObject("expert").getString("token");
    assertThat(part(jwt, 0).getString("alg")).isEqualTo("RS256");
    assertThat(part(jwt, 0).getString("kid")).isEqualTo("vpaas-magic-cookie-abc/key1");
    var claims = Jwts.parser().verifyWith(pair.getPublic()).build().parseSignedClaims(jwt).getPayload();
    assertThat(claims.getIssuer()).isEqualTo("chat");
    assertThat(claims.getAudience()).containsExactly("jitsi");
    assertThat(claims.getSubject()).isEqualTo("vpaas-magic-cookie-abc");
    assertThat(r.getJsonObject("expert").getString("serviceUrl"))
        .isEqualTo("wss://8x8.vc/vpaas-magic-cookie-abc/xmpp-websocket");
  }
}
