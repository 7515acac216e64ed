package cn.wenxin.consult.audit;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.consult.testing.ConsultFixture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static cn.wenxin.consult.testing.ConsultFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class AuditChainTest {

  @Test
  @DisplayName("Concurrent writers from several AuditLogs make one unbroken chain; an edit, a removal and a relink are caught")
  void chainUnderConcurrencyAndTampering(Vertx vertx) {
    ConsultFixture f = await(ConsultFixture.start(vertx, new JsonObject()));
    List<AuditLog> logs = List.of(new AuditLog(f.mongo), new AuditLog(f.mongo), new AuditLog(f.mongo));
    List<Future<Void>> writes = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      writes.add(logs.get(i % 3).recordStep("hot-0" + (i % 3), "hotline.test", "t-" + i,
          new JsonObject().put("n", i)));
    }
    await(Future.all(writes));
    JsonObject ok = await(logs.get(0).verify());
    assertThat(ok.getBoolean("ok")).as(ok.encode()).isTrue();
    assertThat(ok.getLong("entries")).isGreaterThanOrEqualTo(60L)
        .isEqualTo(await(f.mongo.count(ConsultCollections.AUDIT_LOG, new JsonObject())));

    // An edited entry: its own hash no longer matches.
    JsonObject tenth = await(f.mongo.findOne(ConsultCollections.AUDIT_LOG, new JsonObject().put("seq", 10), null));
    await(f.mongo.updateCollection(ConsultCollections.AUDIT_LOG, new JsonObject().put("seq", 10),
        new JsonObject().put("$set", new JsonObject().put("reason", "edited"))));
    JsonObject edited = await(logs.get(1).verify());
    assertThat(edited.getBoolean("ok")).isFalse();
    assertThat(edited.getString("problem")).isEqualTo("edited_entry");
    assertThat(edited.getLong("brokenAt")).isEqualTo(10L);

    // Put back, then recompute the edited entry's own hash: the next entry's link breaks instead.
    await(f.mongo.replaceDocuments(ConsultCollections.AUDIT_LOG, new JsonObject().put("seq", 10), tenth));
    assertThat(await(logs.get(2).verify()).getBoolean("ok")).isTrue();
    JsonObject forged = tenth.copy().put("actorId", "someone-else");
    forged.put("hash", AuditLog.hash(forged));
    await(f.mongo.replaceDocuments(ConsultCollections.AUDIT_LOG, new JsonObject().put("seq", 10), forged));
    JsonObject relinked = await(logs.get(0).verify());
    assertThat(relinked.getString("problem")).isEqualTo("broken_link");
    assertThat(relinked.getLong("brokenAt")).isEqualTo(11L);

    // A removed entry leaves a gap.
    await(f.mongo.replaceDocuments(ConsultCollections.AUDIT_LOG, new JsonObject().put("seq", 10), tenth));
    await(f.mongo.removeDocument(ConsultCollections.AUDIT_LOG, new JsonObject().put("seq", 30)));
    JsonObject gap = await(logs.get(0).verify());
    assertThat(gap.getString("problem")).isEqualTo("missing_entry");
    assertThat(gap.getLong("brokenAt")).isEqualTo(30L);
  }
}
