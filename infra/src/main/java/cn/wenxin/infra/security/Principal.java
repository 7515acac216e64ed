package cn.wenxin.infra.security;

import io.vertx.core.json.JsonObject;

/**
 * Who is calling, as proven by a verified access token. {@code sessionId} (the {@code sid} claim) names the sign-in
 * and its refresh-token family, so signing out ends every token of it; {@code tokenId} is the token's own jti.
 */
public record Principal(String id, Role role, boolean anonymous, String displayName, String sessionId,
                        String tokenId, long expiresAtEpochSecond) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("role", role.wire())
        .put("anonymous", anonymous)
        .put("displayName", displayName)
        .put("sessionId", sessionId)
        .put("tokenId", tokenId)
        .put("exp", expiresAtEpochSecond);
  }

  public static Principal fromJson(JsonObject j) {
    return new Principal(j.getString("id"), Role.fromWire(j.getString("role")), j.getBoolean("anonymous", false),
        j.getString("displayName"), j.getString("sessionId"), j.getString("tokenId"), j.getLong("exp", 0L));
  }

  public boolean is(Role r) {
    return role == r;
  }
}
