package cn.wenxin.gateway.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.impl.ClientPhase;
import io.vertx.ext.web.client.impl.HttpContext;
import io.vertx.ext.web.client.impl.WebClientInternal;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Every answer a test receives through {@link TestStack#http()} is checked against the contract it claims to
 * follow: a success by vertx-openapi's {@link ResponseValidator} against its operation's response schema in
 * openapi.yaml, a failure for being problem JSON with its status and a stable {@code code}. What does not match is
 * a failure of the test that received it (reported when its stack closes). The operations checked in a run are
 * listed in {@code target/contract-checked-operations.txt}.
 */
public final class ContractCheck {

  private static final String API = "/api/v1";
  private static final Path CHECKED = Path.of("target", "contract-checked-operations.txt");

  private final OpenAPIContract contract;
  private final ResponseValidator validator;
  private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
  private final Set<String> checked = Collections.synchronizedSet(new TreeSet<>());

  private ContractCheck(Vertx vertx, OpenAPIContract contract) {
    this.contract = contract;
    this.validator = ResponseValidator.create(vertx, contract);
  }

  public static ContractCheck load(Vertx vertx) {
    try {
      return new ContractCheck(vertx, OpenAPIContract.from(vertx, "openapi.yaml").await(30, TimeUnit.SECONDS));
    } catch (Exception e) {
      throw new AssertionError("the contract loads", e);
    }
  }

  /** Checks every answer this client receives from now on. */
  public WebClient attach(WebClient client) {
    ((WebClientInternal) client).addInterceptor(this::intercept);
    return client;
  }

  private void intercept(HttpContext<?> ctx) {
    if (ctx.phase() != ClientPhase.DISPATCH_RESPONSE) {
      ctx.next();
      return;
    }
    Future<Void> done;
    try {
      done = check(ctx.request().method(), ctx.request().uri(), ctx.response());
    } catch (RuntimeException e) {
      done = Future.succeededFuture();
      violations.add("checking failed: " + e);
    }
    done.onComplete(x -> ctx.next());
  }

  Future<Void> check(HttpMethod method, String uri, HttpResponse<?> response) {
    String path = uri == null ? null : uri.split("\\?", 2)[0];
    if (path != null && path.startsWith("http")) {
      path = path.substring(path.indexOf('/', path.indexOf("//") + 2));
    }
    if (path == null || !path.startsWith(API + "/") || !(response.body() == null || response.body() instanceof Buffer)) {
      return Future.succeededFuture();
    }
    Operation op = contract.findOperation(path.substring(API.length()), method);
    if (op == null) {
      op = contract.findOperation(path, method);
    }
    if (op == null) {
      return Future.succeededFuture();
    }
    String where = op.getOperationId() + " " + response.statusCode();
    Buffer body = (Buffer) response.body();
    String type = response.getHeader("Content-Type");
    if (response.statusCode() >= 400) {
      problem(where, response.statusCode(), type, body);
      return Future.succeededFuture();
    }
    Map<String, String> headers = new HashMap<>();
    response.headers().forEach(e -> headers.put(e.getKey(), e.getValue()));
    boolean json = type != null && type.startsWith("application/json");
    if (!json && body != null && body.length() > 0) {
      // avatars and calendar files: no JSON schema to check; the operation must still know the status
      if (op.getResponse(response.statusCode()) == null) {
        violations.add(where + ": a status the contract does not list");
      }
      checked.add(op.getOperationId());
      return Future.succeededFuture();
    }
    ValidatableResponse answer = body == null || body.length() == 0
        ? ValidatableResponse.create(response.statusCode(), headers)
        : ValidatableResponse.create(response.statusCode(), headers, body, type);
    String id = op.getOperationId();
    return validator.validate(answer, id)
        .onSuccess(v -> checked.add(id))
        .onFailure(err -> violations.add(where + " does not match the contract: " + err.getMessage()
            + detail(err) + "\n  body: " + abbreviate(body)))
        .<Void>mapEmpty().otherwiseEmpty();
  }

  private void problem(String where, int status, String type, Buffer body) {
    if (type == null || !type.startsWith("application/problem+json")) {
      violations.add(where + ": a failure that is not application/problem+json (" + type + ")");
      return;
    }
    try {
      JsonObject p = body.toJsonObject();
      if (p.getInteger("status", -1) != status || p.getString("code", "").isBlank()) {
        violations.add(where + ": a problem without its status or a stable code: " + abbreviate(body));
      }
    } catch (RuntimeException e) {
      violations.add(where + ": a problem that is not JSON: " + abbreviate(body));
    }
  }

  private static String detail(Throwable err) {
    if (err instanceof io.vertx.openapi.validation.SchemaValidationException s && s.getOutputUnit() != null) {
      return " " + s.getOutputUnit().toString();
    }
    return "";
  }

  private static String abbreviate(Buffer body) {
    String s = body == null ? "" : body.toString();
    return s.length() > 600 ? s.substring(0, 600) + "…" : s;
  }

  /** What did not match, in the order received. */
  public List<String> violations() {
    synchronized (violations) {
      return List.copyOf(violations);
    }
  }

  /** Adds the operations checked so far to the run's list. */
  void record() {
    if (checked.isEmpty()) {
      return;
    }
    try {
      Files.createDirectories(CHECKED.getParent());
      Files.write(CHECKED, List.copyOf(checked), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      // the list is a report for people; a test does not fail for it
    }
  }
}
