package cn.wenxin.gateway.http;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The OpenAPI document says what it means")
class OpenApiDocumentTest {

  static Vertx vertx;
  static JsonObject raw;

  @BeforeAll
  static void load() {
    vertx = Vertx.vertx();
    raw = await(OpenAPIContract.from(vertx, "openapi.yaml")).getRawContract();
  }

  @AfterAll
  static void close() {
    await(vertx.close());
  }

  @Test
  @DisplayName("every enum of a string schema lists strings (YAML reads a bare off, no or yes as a boolean)")
  void enumsAreStrings() {
    List<String> bad = new ArrayList<>();
    walk(raw, "#", bad);
    assertThat(bad).isEmpty();
  }

  private static void walk(Object node, String where, List<String> bad) {
    if (node instanceof JsonObject o) {
      if ("string".equals(o.getValue("type")) && o.getValue("enum") instanceof JsonArray values) {
        values.forEach(v -> {
          if (!(v instanceof String)) {
            bad.add(where + ": " + v);
          }
        });
      }
      o.forEach(e -> walk(e.getValue(), where + "/" + e.getKey(), bad));
    } else if (node instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        walk(a.getValue(i), where + "/" + i, bad);
      }
    }
  }
}
