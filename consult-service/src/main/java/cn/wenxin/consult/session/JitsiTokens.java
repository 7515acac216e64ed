package cn.wenxin.consult.session;

import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.security.JitsiRoomTokens;

import java.time.Duration;
import java.time.Instant;

/**
 * Jitsi room tokens for counseling sessions (signed by {@link JitsiRoomTokens}, ../shared/jitsi.md): the expert as
 * owner and moderator, the student as member, recording, livestreaming and transcription off.
 */
final class JitsiTokens {

  /** Prosody allows no clock skew: a token minted now must already be valid on a server a little behind. */
  static final Duration BACKDATE = JitsiRoomTokens.BACKDATE;

  private final JitsiRoomTokens tokens;

  JitsiTokens(WenxinConfig.Jitsi config) {
    this.tokens = new JitsiRoomTokens(config);
  }

  /** A token for one person of one session, valid from the window's opening to its close. */
  String mint(String room, Side side, String userId, String displayName, Instant opensAt, Instant closesAt,
              Instant now) {
    return tokens.sign(room, JitsiRoomTokens.user(userId, displayName, side == Side.EXPERT),
        JitsiRoomTokens.features(false), now, opensAt, closesAt);
  }
}
