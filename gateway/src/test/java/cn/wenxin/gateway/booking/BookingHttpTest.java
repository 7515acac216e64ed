package cn.wenxin.gateway.booking;

import cn.wenxin.gateway.testing.DemoStackTest;
import cn.wenxin.gateway.testing.TestStack;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Booking over HTTP: no double booking, idempotent retries, rules enforced")
class BookingHttpTest extends DemoStackTest {

  /** The first bookable slot start of an expert, as the directory shows it. */
  static String freeSlot(String token, String expertId, int skip) {
    HttpResponse<Buffer> r = await(stack.http().get("/api/v1/experts/" + expertId + "/slots")
        .addQueryParam("from", Instant.now().toString())
        .addQueryParam("to", Instant.now().plus(20, ChronoUnit.DAYS).toString())
        .bearerTokenAuthentication(token).send());
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonArray("items").stream().map(o -> (JsonObject) o).filter(s -> s.getBoolean("available"))
        .skip(skip).findFirst().orElseThrow().getString("start");
  }

  static Future<HttpResponse<Buffer>> book(String token, String expertId, String start, String key) {
    var req = stack.http().post("/api/v1/bookings").bearerTokenAuthentication(token);
    if (key != null) {
      req.putHeader("Idempotency-Key", key);
    }
    return req.sendJsonObject(new JsonObject().put("expertId", expertId).put("start", start).put("mode", "chat")
        .put("topic", "academic_stress"));
  }

  @Test
  @DisplayName("200 students booking the same slot at once get exactly one 201 and 199 409s")
  void twoHundredAtOnce() {
    List<String> tokens = new ArrayList<>();
    for (int i = 1; i <= 200; i++) {
      tokens.add(stack.token(String.format("student%03d", i)));
    }
    String slot = freeSlot(tokens.get(0), "exp-010", 0);
    List<Future<HttpResponse<Buffer>>> all = tokens.stream().map(t -> book(t, "exp-010", slot, null)).toList();
    await(Future.join(all).otherwiseEmpty());
    List<Integer> codes = all.stream().map(f -> f.succeeded() ? f.result().statusCode() : -1).toList();
    assertThat(codes.stream().filter(c -> c == 201).count()).isEqualTo(1);
    assertThat(codes.stream().filter(c -> c == 409).count()).isEqualTo(199);
    // The winner is any of the 200 students: free them again so the other tests here start with no bookings.
    int winner = codes.indexOf(201);
    String bookingId = all.get(winner).result().bodyAsJsonObject().getString("id");
    assertThat(await(stack.http().post("/api/v1/bookings/" + bookingId + "/cancel")
        .bearerTokenAuthentication(tokens.get(winner)).sendJsonObject(new JsonObject())).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("The same student double-clicking Book ends up with one booking")
  void doubleClick() {
    String token = stack.token("student002");
    String slot = freeSlot(token, "exp-020", 0);
    List<Future<HttpResponse<Buffer>>> clicks = List.of(book(token, "exp-020", slot, null),
        book(token, "exp-020", slot, null));
    await(Future.join(clicks).otherwiseEmpty());
    JsonArray mine = await(stack.http().get("/api/v1/bookings").bearerTokenAuthentication(token).send())
        .bodyAsJsonObject().getJsonArray("items");
    assertThat(clicks.stream().map(f -> f.result().statusCode()).sorted().toList()).containsExactly(201, 409);
    assertThat(mine.stream().filter(b -> slot.equals(((JsonObject) b).getString("start"))).count()).isEqualTo(1);
  }

  @Test
  @DisplayName("A retried POST with the same Idempotency-Key returns the same booking with 201")
  void idempotentRetry() {
    String token = stack.token("student003");
    String slot = freeSlot(token, "exp-030", 0);
    HttpResponse<Buffer> first = await(book(token, "exp-030", slot, "retry-key-0001"));
    HttpResponse<Buffer> again = await(book(token, "exp-030", slot, "retry-key-0001"));
    HttpResponse<Buffer> changed = await(book(token, "exp-030", freeSlot(token, "exp-030", 1), "retry-key-0001"));
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(again.bodyAsJsonObject().getString("id")).isEqualTo(first.bodyAsJsonObject().getString("id"));
    assertThat(changed.statusCode()).isEqualTo(422);
  }

  @Test
  @DisplayName("Past, too soon, too far and off-grid starts are each a 422 problem")
  void outsideTheRules() {
    String token = stack.token("student004");
    Instant slot = Instant.parse(freeSlot(token, "exp-040", 0));
    for (Instant t : List.of(Instant.now().minus(1, ChronoUnit.DAYS), Instant.now().plus(30, ChronoUnit.MINUTES),
        Instant.now().plus(60, ChronoUnit.DAYS), slot.plus(7, ChronoUnit.MINUTES))) {
      HttpResponse<Buffer> r = await(book(token, "exp-040", t.truncatedTo(ChronoUnit.SECONDS).toString(), null));
      assertThat(r.statusCode()).as(t + ": " + r.bodyAsString()).isEqualTo(422);
      assertThat(r.getHeader("Content-Type")).startsWith("application/problem+json");
    }
  }

  @Test
  @DisplayName("An anonymous student is told to sign in with a school account to book")
  void anonymousCannotBook() {
    String token = await(stack.http().post("/api/v1/auth/anonymous").send()).bodyAsJsonObject()
        .getString("accessToken");
    HttpResponse<Buffer> r = await(book(token, "exp-040", Instant.now().plus(1, ChronoUnit.DAYS).toString(), null));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.bodyAsJsonObject().getString("detail")).contains("sign in with your school account to book");
  }
}
