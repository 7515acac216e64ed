package cn.wenxin.live.stream;

import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.security.Role;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.Jwts;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Livestream video: Jitsi tokens by ../shared/jitsi.md's rules, visitors for large audiences, p2p without Jitsi. */
class LiveVideoTest {

  private static final String SECRET = "a-prosody-app-secret-of-32-bytes-at-least";
  private static final Principal HOST = new Principal("exp-001", Role.EXPERT, false, "王老师", "s1", "t1", 0);
  private static final Principal VIEWER = new Principal("par-001", Role.PARENT, false, "张三", "s2", "t2", 0);

  private static LiveVideo video(JsonObject extra) {
    JsonObject c = new JsonObject().put("WENXIN_JITSI_DOMAIN", "meet.school.local").put("WENXIN_JITSI_APP_ID", "wenxin")
        .put("WENXIN_JITSI_SECRET", SECRET).mergeIn(extra);
    return new LiveVideo(WenxinConfig.from(c), WenxinConfig.Live.from(c));
  }

  private static Jws<Claims> verify(String token) {
    return Jwts.parser().verifyWith(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
        .build().parseSignedClaims(token);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> user(Jws<Claims> jws) {
    return (Map<String, Object>) ((Map<String, Object>) jws.getPayload().get("context")).get("user");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> features(Jws<Claims> jws) {
    return (Map<String, Object>) ((Map<String, Object>) jws.getPayload().get("context")).get("features");
  }

  @Test
  void theHostIsOwnerWithLivestreamingOnAndViewersAreNeitherNamedNorModerators() {
    JsonObject stream = new JsonObject().put("_id", "ls-Demo-Now").put("expectedAudience", 10);
    JsonObject host = video(new JsonObject()).forCaller(stream, HOST, true, 3);
    assertThat(host.getString("provider")).isEqualTo("jitsi");
    assertThat(host.getString("room")).isEqualTo("wenxin-live-ls-demo-now");
    Jws<Claims> h = verify(host.getString("token"));
    assertThat(h.getHeader().getType()).isEqualTo("JWT");
    assertThat(h.getPayload().get("room")).isEqualTo("wenxin-live-ls-demo-now");
    assertThat(h.getPayload().getIssuer()).isEqualTo("wenxin");
    assertThat(h.getPayload().getNotBefore()).isBefore(new java.util.Date());
    assertThat(user(h)).containsEntry("moderator", "true").containsEntry("affiliation", "owner");
    assertThat(features(h)).containsEntry("livestreaming", "true").containsEntry("recording", "false");
    assertThat(user(h).values()).allMatch(v -> v instanceof String);

    Jws<Claims> v = verify(video(new JsonObject()).forCaller(stream, VIEWER, false, 3).getString("token"));
    assertThat(user(v)).containsEntry("moderator", "false").containsEntry("affiliation", "member")
        .doesNotContainKey("role");
    assertThat(user(v).get("id").toString()).doesNotContain("par-001");
    assertThat(user(v).get("name")).isNotEqualTo("张三");
    assertThat(features(v)).containsEntry("livestreaming", "false");
  }

  @Test
  void viewersJoinAsJitsiVisitorsOnceTheRoomHoldsTheThresholdNotByTheExpectedAudience() {
    LiveVideo video = video(new JsonObject().put("WENXIN_LIVE_VISITORS_FROM", "100"));
    // Planned for 500, but only 99 in the room now: a participant.
    JsonObject big = new JsonObject().put("_id", "ls-big").put("expectedAudience", 500);
    JsonObject early = video.forCaller(big, VIEWER, false, 99);
    assertThat(early.getString("role")).isEqualTo("viewer");
    assertThat(user(verify(early.getString("token")))).doesNotContainKey("role");
    // Planned for 5, but 100 in the room: a visitor.
    JsonObject small = new JsonObject().put("_id", "ls-small").put("expectedAudience", 5);
    JsonObject full = video.forCaller(small, VIEWER, false, 100);
    assertThat(full.getString("role")).isEqualTo("visitor");
    assertThat(user(verify(full.getString("token")))).containsEntry("role", "visitor");
    // The host stays owner and moderator however full the room is.
    JsonObject host = video.forCaller(small, HOST, true, 5_000);
    assertThat(host.getString("role")).isEqualTo("host");
    assertThat(user(verify(host.getString("token")))).containsEntry("moderator", "true")
        .containsEntry("affiliation", "owner").doesNotContainKey("role");
  }

  @Test
  void withoutJitsiTheHostsCameraGoesPeerToPeerToAFewViewers() {
    LiveVideo p2p = new LiveVideo(WenxinConfig.from(new JsonObject()), WenxinConfig.Live.from(new JsonObject()));
    JsonObject answer = p2p.forCaller(new JsonObject().put("_id", "ls-x"), VIEWER, false, 1);
    assertThat(answer.getString("provider")).isEqualTo("p2p");
    assertThat(answer.getInteger("maxViewers")).isEqualTo(StreamVerticle.P2P_VIEWERS);
  }
}
