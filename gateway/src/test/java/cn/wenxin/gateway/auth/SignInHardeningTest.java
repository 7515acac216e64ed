package cn.wenxin.gateway.auth;

import cn.wenxin.gateway.testing.SharedHardenedStack;
import cn.wenxin.gateway.testing.TestStack;
import cn.wenxin.gateway.testing.WsClient;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Sign-in under attack: guesses are counted before they are checked, nobody else is locked out")
class SignInHardeningTest {

  static TestStack stack;

  @BeforeAll
  static void start() {
    stack = SharedHardenedStack.get();
  }

  static Future<HttpResponse<Buffer>> login(String user, String password, String address) {
    return stack.http().post("/api/v1/auth/login").putHeader("X-Forwarded-For", address)
        .sendJsonObject(new JsonObject().put("username", user).put("password", password));
  }

  static HttpResponse<Buffer> post(String path, JsonObject body) {
    return await(stack.http().post(path).sendJsonObject(body));
  }

  @Test
  @DisplayName("forty parallel guesses check only five passwords; the right one at position 35 does not sign in")
  void parallelGuesses() {
    List<Future<HttpResponse<Buffer>>> all = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      all.add(login("student050", i == 35 ? TestStack.DEMO_PASSWORD : "guess-" + i, "10.50.0.1"));
    }
    await(Future.join(all));
    Map<Integer, Long> statuses = all.stream().map(f -> f.result().statusCode())
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    assertThat(statuses.getOrDefault(200, 0L) + statuses.getOrDefault(401, 0L)).as("checked: %s", statuses)
        .isEqualTo(5);
    assertThat(statuses.get(429)).isEqualTo(35);
  }

  @Test
  @DisplayName("a guesser who used up an account's tries does not lock out its owner at another address")
  void ownerStillSignsIn() {
    for (int i = 0; i < 8; i++) {
      await(login("parent050", "wrong-" + i, "10.51.0.66"));
    }
    assertThat(await(login("parent050", TestStack.DEMO_PASSWORD, "10.51.0.66")).statusCode()).isEqualTo(429);
    assertThat(await(login("parent050", TestStack.DEMO_PASSWORD, "10.51.0.7")).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("one pupil guessing behind a school's address does not lock out the school's known users")
  void schoolAddressStaysOpen() {
    String school = "10.52.0.1";
    assertThat(await(login("student101", TestStack.DEMO_PASSWORD, school)).statusCode()).isEqualTo(200);
    for (int account = 110; account < 123; account++) {
      for (int i = 0; i < 5; i++) {
        await(login("student" + account, "wrong", school));
      }
    }
    HttpResponse<Buffer> stranger = await(login("student130", TestStack.DEMO_PASSWORD, school));
    assertThat(stranger.statusCode()).as("the address's budget for new accounts is spent").isEqualTo(429);
    assertThat(await(login("student101", TestStack.DEMO_PASSWORD, school)).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("signing out ends every access token of that sign-in, also one from an earlier refresh")
  void logoutEndsSiblings() {
    JsonObject first = stack.signIn("student060");
    JsonObject second = post("/api/v1/auth/refresh", new JsonObject().put("refreshToken",
        first.getString("refreshToken"))).bodyAsJsonObject();
    HttpResponse<Buffer> out = await(stack.http().post("/api/v1/auth/logout")
        .bearerTokenAuthentication(second.getString("accessToken")).send());
    assertThat(out.statusCode()).isEqualTo(204);
    assertThat(await(stack.http().get("/api/v1/me").bearerTokenAuthentication(first.getString("accessToken"))
        .send()).statusCode()).isEqualTo(401);
  }

  @Test
  @DisplayName("two tabs refreshing with the same token at once both get the same successor and stay signed in")
  void twoTabsRefresh() {
    JsonObject tokens = stack.signIn("student061");
    JsonObject body = new JsonObject().put("refreshToken", tokens.getString("refreshToken"));
    Future<HttpResponse<Buffer>> a = stack.http().post("/api/v1/auth/refresh").sendJsonObject(body);
    Future<HttpResponse<Buffer>> b = stack.http().post("/api/v1/auth/refresh").sendJsonObject(body);
    await(Future.join(a, b));
    assertThat(a.result().statusCode()).isEqualTo(200);
    assertThat(b.result().statusCode()).isEqualTo(200);
    String next = a.result().bodyAsJsonObject().getString("refreshToken");
    assertThat(b.result().bodyAsJsonObject().getString("refreshToken")).isEqualTo(next);
    assertThat(post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", next)).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("a stolen refresh token presented again ends the sign-in: its tokens stop working, its socket closes")
  void reuseEndsSignIn() {
    JsonObject first = stack.signIn("student062");
    WsClient ws = WsClient.connect(stack);
    ws.send(new JsonObject().put("type", "hello").put("token", first.getString("accessToken")));
    assertThat(ws.next().getString("type")).isEqualTo("welcome");
    String second = post("/api/v1/auth/refresh", new JsonObject().put("refreshToken",
        first.getString("refreshToken"))).bodyAsJsonObject().getString("refreshToken");
    post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", second));

    assertThat(post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", first.getString("refreshToken")))
        .statusCode()).isEqualTo(401);
    assertThat(ws.closeCode(10)).isEqualTo(4401);
    assertThat(await(stack.http().get("/api/v1/me").bearerTokenAuthentication(first.getString("accessToken"))
        .send()).statusCode()).isEqualTo(401);
  }

  @Test
  @DisplayName("anonymous sessions are limited per address")
  void anonymousLimited() {
    int refused = 0;
    for (int i = 0; i < 65; i++) {
      HttpResponse<Buffer> r = await(stack.http().post("/api/v1/auth/anonymous")
          .putHeader("X-Forwarded-For", "10.53.0.1").send());
      assertThat(r.statusCode()).isIn(200, 429);
      refused += r.statusCode() == 429 ? 1 : 0;
    }
    assertThat(refused).isEqualTo(5);
    assertThat(await(stack.http().post("/api/v1/auth/anonymous").putHeader("X-Forwarded-For", "10.53.0.2").send())
        .statusCode()).isEqualTo(200);
  }
}
