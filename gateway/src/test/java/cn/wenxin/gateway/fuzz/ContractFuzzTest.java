package cn.wenxin.gateway.fuzz;

import cn.wenxin.gateway.testing.DemoStackTest;
import cn.wenxin.gateway.testing.LogCapture;
import cn.wenxin.infra.security.AccessTokens;
import io.jsonwebtoken.Jwts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("No input reaches a 5xx: query, path, header and body fuzzed over every operation of the contract")
class ContractFuzzTest extends DemoStackTest {

  static Map<String, String> tokens;

  @BeforeAll
  static void signIn() {
    tokens = Map.of("student", stack.token("student001"), "parent", stack.token("parent001"),
        "expert", stack.token("expert001"), "hotline", stack.token("hotline01"), "admin", stack.token("admin01"));
  }

  static HttpResponse<Buffer> get(String rawUri, String token) {
    HttpRequest<Buffer> r = stack.http().get(rawUri);
    if (token != null) {
      r.bearerTokenAuthentication(token);
    }
    return await(r.send());
  }

  @Test
  @DisplayName("a search for \"100%\" works (without a token: 401); a stray % is a 400, never a 500")
  void percentInQuery() {
    String token = stack.token("student002");
    assertThat(get("/api/v1/experts?q=100%25", null).statusCode()).isEqualTo(401);
    assertThat(get("/api/v1/experts?q=100%25", token).statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/experts?q=%E5%BF%83%25", token).statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/experts?q=a%2Bb", token).statusCode()).isEqualTo(200);
    for (String bad : List.of("/api/v1/experts?q=100%", "/api/v1/experts?q=%zz", "/api/v1/experts?%=1",
        "/api/v1/experts?q=%C3%28")) {
      assertThat(get(bad, token).statusCode()).as(bad).isBetween(200, 499);
    }
  }

  @Test
  @DisplayName("a correctly signed token without exp, role or sid is a 401, not a 500")
  void incompleteTokens() throws Exception {
    var keys = AccessTokens.parse(java.nio.file.Files.readString(
        java.nio.file.Path.of(stack.config().getString("WENXIN_DATA_DIR"), "jwt-keys.txt")).trim());
    String kid = keys.keySet().iterator().next();
    for (String missing : List.of("exp", "role", "sid", "sub")) {
      var b = Jwts.builder().header().keyId(kid).and().issuer("wenxin").audience().add("wenxin-api").and()
          .id("t-" + missing);
      if (!missing.equals("sub")) {
        b.subject("stu-001");
      }
      if (!missing.equals("exp")) {
        b.expiration(new Date(System.currentTimeMillis() + 60_000));
      }
      if (!missing.equals("role")) {
        b.claim("role", "student");
      }
      if (!missing.equals("sid")) {
        b.claim("sid", "s-1");
      }
      String token = b.claim("anon", "not-a-boolean").signWith(keys.get(kid), Jwts.SIG.HS256).compact();
      assertThat(get("/api/v1/me", token).statusCode()).as("without " + missing).isEqualTo(401);
    }
  }

  @Test
  @DisplayName("fuzz: eight hostile requests per operation, none answers 5xx or logs an ERROR")
  void fuzzEveryOperation() {
    Random random = new Random(7);
    List<String> fiveHundreds = new ArrayList<>();
    try (LogCapture log = LogCapture.begin()) {
      OpenAPIContract contract = await(OpenAPIContract.from(stack.vertx(), "openapi.yaml"));
      for (Operation op : contract.operations()) {
        for (int i = 0; i < 8; i++) {
          String path = "/api/v1" + op.getOpenAPIPath().replaceAll("\\{[^}]+}",
              java.util.regex.Matcher.quoteReplacement(Hostile.pathValue(random)));
          HttpRequest<Buffer> req = stack.http().request(op.getHttpMethod(), path + Hostile.query(random, op))
              .timeout(5_000);
          Hostile.headers(random, req, tokens);
          String what = op.getOperationId() + " " + req.uri() + " " + req.headers().entries();
          HttpResponse<Buffer> r = req.sendBuffer(Hostile.body(random, op)).toCompletionStage().toCompletableFuture()
              .handle((ok, err) -> ok).join();
          if (r == null) {
            fiveHundreds.add(what + " -> no answer within 5 s");
          } else if (r.statusCode() >= 500) {
            fiveHundreds.add(op.getOperationId() + " " + path + " -> " + r.statusCode() + " " + r.bodyAsString());
          }
        }
      }
      assertThat(fiveHundreds).isEmpty();
      assertThat(log.errorsAndStacks()).isEmpty();
    }
  }

  /** Values a careless or hostile client sends. */
  public static final class Hostile {
    static final String[] STRINGS = {"", "%", "100%", "%zz", "%00", "\u0000", "\u202e\u202d", "<script>x</script>",
        "' OR 1=1 --", "{\"$gt\":\"\"}", "../../etc/passwd", "x".repeat(5000), "2026-13-45T99:99:99Z",
        "9999999999999999999999", "(\\[*", "-1", "1e309", "null", "true", "[]", "心理", "\uD800", "a b", "exp-001"};

    static String enc(String s) {
      return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String pick(Random r) {
      return STRINGS[r.nextInt(STRINGS.length)];
    }

    static String pathValue(Random r) {
      String v = pick(r);
      return v.isEmpty() ? "x" : r.nextInt(4) == 0 ? v.replace("%", "%25").replace(" ", "%20") : enc(v);
    }

    /** A hostile query for the operation's parameters (null: the expert search's). */
    public static String query(Random r, Operation op) {
      StringBuilder q = new StringBuilder("?");
      List<String> names = op == null ? List.of("q", "topic", "gradeBand", "page", "size", "freeFrom")
          : op.getParameters().stream().map(p -> p.getName()).toList();
      for (String name : names) {
        if (r.nextBoolean()) {
          q.append(name).append('=').append(r.nextInt(5) == 0 ? pick(r) : enc(pick(r))).append('&');
        }
      }
      if (r.nextInt(3) == 0) {
        q.append(enc(pick(r))).append('=').append(enc(pick(r))).append('&');
      }
      if (r.nextInt(6) == 0) {
        q.append("q=%&from=%E5");
      }
      return q.toString().replace(" ", "%20").replace("\u0000", "%00");
    }

    static void headers(Random r, HttpRequest<Buffer> req, Map<String, String> tokens) {
      switch (r.nextInt(5)) {
        case 0 -> req.putHeader("Authorization", "Bearer " + pick(r).replaceAll("[\\r\\n\\u0000]", ""));
        case 1 -> req.putHeader("Authorization", "Basic Zm9vOmJhcg==");
        case 2 -> { }
        default -> req.bearerTokenAuthentication(new ArrayList<>(tokens.values()).get(r.nextInt(tokens.size())));
      }
      String[] types = {"application/json", "text/plain", "application/json; charset=latin1", "multipart/form-data",
          "application/x-www-form-urlencoded", "*/*"};
      req.putHeader("Content-Type", types[r.nextInt(types.length)]);
      if (r.nextBoolean()) {
        String key = enc(pick(r));
        req.putHeader("Idempotency-Key", key.substring(0, Math.min(200, key.length())));
      }
      if (r.nextInt(4) == 0) {
        req.putHeader("X-Request-Id", enc(pick(r)));
      }
    }

    static Buffer body(Random r, Operation op) {
      Object[] values = {null, "", pick(r), -1, 0, 3.5, Long.MAX_VALUE, 1e300, true, new io.vertx.core.json.JsonArray()
          .add(pick(r)), new JsonObject().put(pick(r), pick(r))};
      return switch (r.nextInt(5)) {
        case 0 -> Buffer.buffer(pick(r));
        case 1 -> Buffer.buffer("[" + "[".repeat(r.nextInt(2000)));
        default -> {
          JsonObject b = new JsonObject();
          for (String f : new String[] {"username", "password", "refreshToken", "expertId", "start", "topic", "note",
              "mode", "forChildId", "reason", "date", "subjectId", "kind", "policyVersion", "timeZone", "weekly",
              "slotMinutes", "exceptions", "visibility"}) {
            if (r.nextInt(3) == 0) {
              b.put(f, values[r.nextInt(values.length)]);
            }
          }
          yield b.toBuffer();
        }
      };
    }
  }
}
