package cn.wenxin.consult.risk;

import cn.wenxin.consult.ConsultCollections;
import cn.wenxin.consult.testing.ConsultFixture;
import cn.wenxin.infra.bus.Addresses;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static cn.wenxin.consult.testing.ConsultFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class RiskVerticleTest {

  private ConsultFixture f;
  private final List<JsonObject> published = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp(Vertx vertx) {
    f = await(ConsultFixture.start(vertx, new JsonObject()));
    await(vertx.deployVerticle(new RiskVerticle(), new DeploymentOptions().setConfig(f.config)));
    vertx.eventBus().<JsonObject>consumer(Addresses.RISK_ALERTS, m -> published.add(m.body()));
  }

  private JsonObject screen(String session, String text) {
    return await(f.call(Addresses.RISK, "screen", null, new JsonObject(),
        new JsonObject().put("sessionId", session).put("text", text)));
  }

  @Test
  @DisplayName("A risky message is flagged, and an alert without text or identity is stored and published")
  void alertStoredAndPublished() throws InterruptedException {
    JsonObject calm = screen("ses-r", "今天还好，我不想死");
    JsonObject risky = screen("ses-r", "我真的不想活了，我的名字叫小红");
    JsonObject stored = await(f.mongo.findOne(ConsultCollections.RISK_ALERTS, new JsonObject(), null));
    for (int i = 0; i < 50 && published.isEmpty(); i++) {
      Thread.sleep(20);
    }
    assertThat(calm.getBoolean("flagged")).isFalse();
    assertThat(risky.getInteger("level")).isEqualTo(2);
    assertThat(risky.getBoolean("flagged")).isTrue();
    assertThat(stored.getString("sessionId")).isEqualTo("ses-r");
    assertThat(stored.getString("source")).isEqualTo("session");
    assertThat(stored.getJsonArray("terms")).containsExactly("不想活");
    assertThat(stored.encode()).doesNotContain("小红").doesNotContain("studentId");
    assertThat(published).hasSize(1);
    assertThat(published.get(0).getInteger("level")).isEqualTo(2);
  }

  @Test
  @DisplayName("The same level again does not flood the hotline; a higher level alerts again")
  void escalationOnly() {
    screen("ses-e", "我想自杀");
    JsonObject again = screen("ses-e", "还是想自杀");
    JsonObject higher = screen("ses-e", "我今晚就去跳楼");
    assertThat(again.getBoolean("flagged")).isTrue();
    assertThat(again.getBoolean("alerted")).isFalse();
    assertThat(higher.getInteger("level")).isEqualTo(3);
    assertThat(higher.getBoolean("alerted")).isTrue();
    assertThat(await(f.mongo.count(ConsultCollections.RISK_ALERTS, new JsonObject().put("sessionId", "ses-e"))))
        .isEqualTo(2);
  }
}
