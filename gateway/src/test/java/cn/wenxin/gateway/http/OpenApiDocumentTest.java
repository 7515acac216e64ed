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

  @Test
  @DisplayName("every operation's success answers a named schema: JSON with a real schema (never the bare Json object), "
      + "204, or another media type said in its description")
  void everySuccessHasASchema() {
    List<String> bad = new ArrayList<>();
    JsonObject paths = raw.getJsonObject("paths");
    int operations = 0;
    for (String path : paths.fieldNames()) {
      if (!(paths.getValue(path) instanceof JsonObject item)) {
        continue;
      }
      for (String method : item.fieldNames()) {
        if (!(item.getValue(method) instanceof JsonObject op) || !op.containsKey("operationId")) {
          continue;
        }
        operations++;
        String where = op.getString("operationId") + " (" + method.toUpperCase() + " " + path + ")";
        JsonObject responses = op.getJsonObject("responses", new JsonObject());
        boolean anySuccess = false;
        for (String status : responses.fieldNames()) {
          if (!status.startsWith("2")) {
            continue;
          }
          anySuccess = true;
          JsonObject response = resolve(responses.getJsonObject(status));
          String problem = successProblem(status, response);
          if (problem != null) {
            bad.add(where + " " + status + ": " + problem);
          }
        }
        if (!anySuccess) {
          bad.add(where + ": no success response");
        }
      }
    }
    assertThat(operations).isGreaterThan(40);
    assertThat(bad).as("give each a schema in components/schemas").isEmpty();
  }

  /** Why a success response says too little, or null when it names its body. */
  static String successProblem(String status, JsonObject response) {
    JsonObject content = response.getJsonObject("content");
    if (content == null) {
      if ("204".equals(status)) {
        return null;
      }
      return response.getString("description", "").matches("(?s).*\\b(image|text)/[a-z+.-]+.*") ? null
          : "no content and no other media type in its description";
    }
    JsonObject json = content.getJsonObject("application/json");
    if (json == null || json.getJsonObject("schema") == null) {
      return "no application/json schema";
    }
    JsonObject schema = json.getJsonObject("schema");
    String ref = schema.getString("$ref");
    if (ref != null) {
      if (ref.equals("#/components/schemas/Json")) {
        return "the bare Json object";
      }
      schema = resolve(schema);
    }
    boolean says = schema.containsKey("properties") || schema.containsKey("items") || schema.containsKey("allOf")
        || schema.containsKey("oneOf") || schema.containsKey("anyOf") || schema.containsKey("enum");
    return says ? null : "a schema that names no properties";
  }

  /** Follows one local $ref (#/components/...). */
  static JsonObject resolve(JsonObject node) {
    String ref = node.getString("$ref");
    if (ref == null) {
      return node;
    }
    JsonObject at = raw;
    for (String part : ref.substring(2).split("/")) {
      at = at.getJsonObject(part);
    }
    return at;
  }

  @Test
  @DisplayName("the success check bites: a bare object, the Json response and a missing body are refused")
  void successCheckBites() {
    JsonObject bare = new JsonObject().put("description", "x").put("content", new JsonObject()
        .put("application/json", new JsonObject().put("schema", new JsonObject().put("type", "object"))));
    JsonObject generic = new JsonObject().put("description", "x").put("content", new JsonObject()
        .put("application/json", new JsonObject().put("schema",
            new JsonObject().put("$ref", "#/components/schemas/Json"))));
    JsonObject named = new JsonObject().put("description", "x").put("content", new JsonObject()
        .put("application/json", new JsonObject().put("schema",
            new JsonObject().put("$ref", "#/components/schemas/Booking"))));
    assertThat(successProblem("200", bare)).isNotNull();
    assertThat(successProblem("200", generic)).isNotNull();
    assertThat(successProblem("200", resolve(new JsonObject().put("$ref", "#/components/responses/Json")))).isNotNull();
    assertThat(successProblem("200", new JsonObject().put("description", "Done"))).isNotNull();
    assertThat(successProblem("200", named)).isNull();
    assertThat(successProblem("200", new JsonObject().put("description", "An avatar, image/svg+xml"))).isNull();
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
