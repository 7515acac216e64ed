package cn.wenxin.consult.account;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A refresh token's successor, sealed with a key that only the spent token itself yields (AES-GCM, key =
 * SHA-256 of the token). Stored with the spent token, it lets a second tab that presents the same token a moment
 * later receive the same successor; the database alone cannot open it.
 */
final class Successor {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Successor() {
  }

  static String seal(String spentToken, String successor) {
    try {
      byte[] iv = new byte[12];
      RANDOM.nextBytes(iv);
      Cipher c = cipher(Cipher.ENCRYPT_MODE, spentToken, iv);
      byte[] sealed = c.doFinal(successor.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(iv) + "." + Base64.getEncoder().encodeToString(sealed);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The successor, or null when this token did not seal it. */
  static String open(String spentToken, String sealed) {
    if (sealed == null || sealed.indexOf('.') < 0) {
      return null;
    }
    try {
      String[] parts = sealed.split("\\.", 2);
      Cipher c = cipher(Cipher.DECRYPT_MODE, spentToken, Base64.getDecoder().decode(parts[0]));
      return new String(c.doFinal(Base64.getDecoder().decode(parts[1])), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return null;
    }
  }

  private static Cipher cipher(int mode, String token, byte[] iv) throws GeneralSecurityException {
    byte[] key = MessageDigest.getInstance("SHA-256")
        .digest(("wenxin-refresh-successor|" + token).getBytes(StandardCharsets.UTF_8));
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
    return c;
  }
}
