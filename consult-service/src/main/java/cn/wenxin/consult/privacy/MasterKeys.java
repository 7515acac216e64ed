package cn.wenxin.consult.privacy;

import cn.wenxin.infra.config.WenxinConfig;
import io.vertx.core.json.JsonObject;
import org.bson.BsonDocument;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * Where the master key that wraps every data key lives: the 'local' provider (a 96-byte key from config, or
 * generated once into the data dir, readable by the owner only) for one machine; a KMS in production.
 */
public final class MasterKeys {

  static final String KEY_FILE = "local-master-key.txt";
  private static final int LOCAL_KEY_BYTES = 96;

  private MasterKeys() {
  }

  /** Blocking (may read or write the key file): call off the event loop. */
  static Map<String, Map<String, Object>> kmsProviders(WenxinConfig config) {
    WenxinConfig.Privacy p = config.privacy();
    if (!p.localKms()) {
      return Map.of(p.kmsProvider(), new JsonObject(p.kmsCredentials()).getMap());
    }
    String b64 = p.localMasterKey().isBlank() ? keyFile(config.storage().dataDir().resolve(KEY_FILE))
        : p.localMasterKey();
    byte[] key = Base64.getDecoder().decode(b64);
    if (key.length != LOCAL_KEY_BYTES) {
      throw new IllegalArgumentException("WENXIN_LOCAL_MASTER_KEY must be 96 bytes, base64; got " + key.length);
    }
    return Map.of("local", Map.of("key", key));
  }

  /** The customer master key a new data key is wrapped with; the local provider needs none. */
  static BsonDocument masterKey(WenxinConfig config) {
    return config.privacy().localKms() ? null : BsonDocument.parse(config.privacy().kmsMasterKey());
  }

  /**
   * Reads the key file, or makes it on a first start. Verticles open their encryption side by side, and another
   * process may be starting on the same directory: one key is written (an atomic move that never replaces) and
   * every other starter reads that one, never its own.
   */
  private static synchronized String keyFile(Path file) {
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).trim();
      }
      Files.createDirectories(file.getParent());
      byte[] key = new byte[LOCAL_KEY_BYTES];
      new SecureRandom().nextBytes(key);
      String b64 = Base64.getEncoder().encodeToString(key);
      Path tmp = Files.createTempFile(file.getParent(), "master", ".tmp");
      restrict(tmp);
      Files.writeString(tmp, b64, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file);
      } catch (FileAlreadyExistsException other) {
        Files.delete(tmp);
        return Files.readString(file, StandardCharsets.UTF_8).trim();
      }
      return b64;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or write the master key file " + file, e);
    }
  }

  /** Owner read/write only, before a byte of the key is written. */
  private static void restrict(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      file.toFile().setReadable(false, false);
      file.toFile().setReadable(true, true);
    }
  }
}
