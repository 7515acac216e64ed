package cn.wenxin.gateway.http;

import cn.wenxin.gateway.testing.DemoStackTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.regex.Pattern;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Problems carry a stable code and speak the reader's language")
class ProblemCodesTest extends DemoStackTest {

  private static final Pattern LATIN_WORDS = Pattern.compile("[A-Za-z]{3,}");

  @Test
  @DisplayName("an anonymous visitor who tries to book gets anonymous_may_not_book, in Chinese when asked")
  void anonymousBooking() {
    String anon = await(stack.http().post("/api/v1/auth/anonymous").send()).bodyAsJsonObject().getString("accessToken");
    HttpResponse<Buffer> r = await(stack.http().post("/api/v1/bookings").bearerTokenAuthentication(anon)
        .putHeader("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.5")
        .sendJsonObject(new JsonObject().put("expertId", "exp-001").put("start", "2030-01-01T09:00:00+08:00")
            .put("mode", "chat").put("topic", "academic_stress")));
    JsonObject p = r.bodyAsJsonObject();
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(p.getString("code")).isEqualTo("anonymous_may_not_book");
    assertThat(p.getString("detail")).contains("学校账号").doesNotContainPattern(LATIN_WORDS);
    assertThat(r.getHeader("Content-Language")).isEqualTo("zh-CN");
  }

  @Test
  @DisplayName("a body that breaks the schema is invalid_request with pointers, never the validator's words")
  void validationIsFriendly() {
    for (String lang : new String[] {"zh-CN", "en"}) {
      HttpResponse<Buffer> r = await(stack.http().put("/api/v1/me/availability")
          .bearerTokenAuthentication(stack.token("expert001")).putHeader("Accept-Language", lang)
          .sendJsonObject(new JsonObject().put("timeZone", "Asia/Shanghai").put("weekly", new JsonArray())
              .put("exceptions", new JsonArray().add(new JsonObject().put("date", "2030-01-01").put("kind", "off")
                  .put("surprise", 1)))));
      JsonObject p = r.bodyAsJsonObject();
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(p.getString("code")).isEqualTo("invalid_request");
      assertThat(r.bodyAsString()).doesNotContain("schema").doesNotContain("additional properties");
      assertThat(p.getJsonArray("errors").getJsonObject(0).getString("pointer")).isNotBlank();
      if (lang.equals("zh-CN")) {
        assertThat(p.getString("detail")).doesNotContainPattern(LATIN_WORDS);
      }
    }
  }

  @Test
  @DisplayName("a problem from a service without its own code gets one named for its status, and a Chinese detail")
  void defaultCodes() {
    HttpResponse<Buffer> r = await(stack.http().get("/api/v1/experts/no-such-expert")
        .bearerTokenAuthentication(stack.token("student001")).putHeader("Accept-Language", "zh").send());
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.bodyAsJsonObject().getString("code")).isEqualTo("not_found");
    assertThat(r.bodyAsJsonObject().getString("detail")).doesNotContainPattern(LATIN_WORDS);
    HttpResponse<Buffer> en = await(stack.http().get("/api/v1/experts/no-such-expert")
        .bearerTokenAuthentication(stack.token("student001")).putHeader("Accept-Language", "en-GB").send());
    assertThat(en.bodyAsJsonObject().getString("detail")).contains("No expert");
  }

  @Test
  @DisplayName("an expert can take a day off: a 休息 exception with nothing else is saved and read back")
  void dayOff() {
    String expert = stack.token("expert002");
    JsonObject mine = await(stack.http().get("/api/v1/me/availability").bearerTokenAuthentication(expert).send())
        .bodyAsJsonObject();
    String day = LocalDate.now().plusDays(3).toString();
    mine.put("exceptions", new JsonArray().add(new JsonObject().put("date", day).put("kind", "off")));
    HttpResponse<Buffer> r = await(stack.http().put("/api/v1/me/availability").bearerTokenAuthentication(expert)
        .sendJsonObject(mine));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getJsonArray("exceptions").getJsonObject(0).getString("date")).isEqualTo(day);
  }
}
