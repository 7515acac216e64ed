package cn.wenxin.consult.privacy;

import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.mongo.Mongo;
import com.mongodb.ClientEncryptionSettings;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.vault.DataKeyOptions;
import com.mongodb.client.model.vault.EncryptOptions;
import com.mongodb.client.vault.ClientEncryption;
import com.mongodb.client.vault.ClientEncryptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonDocument;
import org.bson.BsonString;

import java.util.List;
import java.util.UUID;

/**
 * MongoDB explicit client-side field-level encryption: one data key per confidential record, wrapped by the master
 * key. Destroying the data key makes the record's ciphertext noise (crypto-shredding), backups included.
 * libmongocrypt and the key vault calls block: every method runs in {@code executeBlocking}.
 * <p>The embedded server drops the connection on binary subtype 6, so ciphertext is stored as subtype 0 (plain
 * bytes) and re-wrapped as subtype 6 to decrypt; a real MongoDB accepts both.
 */
public final class FieldCrypto {

  private static final String ALGORITHM = "AEAD_AES_256_CBC_HMAC_SHA_512-Random";

  private final Vertx vertx;
  private final ClientEncryption encryption;
  private final String provider;
  private final BsonDocument masterKey;

  private FieldCrypto(Vertx vertx, ClientEncryption encryption, String provider, BsonDocument masterKey) {
    this.vertx = vertx;
    this.encryption = encryption;
    this.provider = provider;
    this.masterKey = masterKey;
  }

  public static Future<FieldCrypto> open(Vertx vertx, WenxinConfig config) {
    String uri = Mongo.uri(vertx, config);
    return vertx.executeBlocking(() -> {
      if (!config.storage().embeddedMongo()) {
        keyVaultIndex(uri, config.privacy().keyVaultNamespace());
      }
      return new FieldCrypto(vertx, create(uri, config), config.privacy().kmsProvider(), MasterKeys.masterKey(config));
    });
  }

  /** What the driver's docs ask of a key vault; the embedded server ignores the partial filter, then refuses keys. */
  private static void keyVaultIndex(String uri, String namespace) {
    String[] ns = namespace.split("\\.", 2);
    try (com.mongodb.client.MongoClient c = com.mongodb.client.MongoClients.create(uri)) {
      c.getDatabase(ns[0]).getCollection(ns[1]).createIndex(Indexes.ascending("keyAltNames"),
          new IndexOptions().unique(true).partialFilterExpression(Filters.exists("keyAltNames")));
    }
  }

  /** A ClientEncryption of its own: blocking, and caches keys it has used for about a minute. */
  public static ClientEncryption create(String uri, WenxinConfig config) {
    MongoClientSettings keyVault = MongoClientSettings.builder().applyConnectionString(new ConnectionString(uri))
        .build();
    return ClientEncryptions.create(ClientEncryptionSettings.builder()
        .keyVaultMongoClientSettings(keyVault)
        .keyVaultNamespace(config.privacy().keyVaultNamespace())
        .kmsProviders(MasterKeys.kmsProviders(config))
        .build());
  }

  /** A new data key; its id (a UUID) is what a record keeps. */
  public Future<String> newKey(String altName) {
    return vertx.executeBlocking(() -> {
      DataKeyOptions opts = new DataKeyOptions().keyAltNames(List.of(altName));
      if (masterKey != null) {
        opts.masterKey(masterKey);
      }
      return encryption.createDataKey(provider, opts).asUuid().toString();
    }, false);
  }

  public Future<byte[]> seal(String keyId, String plaintext) {
    return vertx.executeBlocking(() -> encryption.encrypt(new BsonString(plaintext),
        new EncryptOptions(ALGORITHM).keyId(new BsonBinary(UUID.fromString(keyId)))).getData(), false);
  }

  /**
   * Asks the key vault first: the driver keeps a used key cached for about a minute after it is deleted, and a
   * destroyed record must be unreadable at once, also when the step that marks it destroyed failed.
   */
  public Future<String> open(String keyId, byte[] ciphertext) {
    return vertx.executeBlocking(() -> {
      if (encryption.getKey(new BsonBinary(UUID.fromString(keyId))) == null) {
        throw new KeyDestroyedException(keyId);
      }
      return openWith(encryption, ciphertext);
    }, false);
  }

  /** The record's data key is gone: its ciphertext can never be read again. */
  public static final class KeyDestroyedException extends RuntimeException {
    KeyDestroyedException(String keyId) {
      super("Data key " + keyId + " is destroyed", null, false, false);
    }
  }

  /** True when the key existed and is gone now. Idempotent: a second call answers false. */
  public Future<Boolean> destroyKey(String keyId) {
    return vertx.executeBlocking(() -> encryption.deleteKey(new BsonBinary(UUID.fromString(keyId)))
        .getDeletedCount() > 0, false);
  }

  public static String openWith(ClientEncryption encryption, byte[] ciphertext) {
    return encryption.decrypt(new BsonBinary(BsonBinarySubType.ENCRYPTED, ciphertext)).asString().getValue();
  }

  public Future<Void> close() {
    return vertx.executeBlocking(() -> {
      encryption.close();
      return null;
    });
  }
}
