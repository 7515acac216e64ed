package cn.wenxin.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import io.vertx.openapi.validation.impl.ValidatableRequestImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Inline request validation answers at once, and as the library's own validator does")
class InlineRequestValidatorTest {

  private static final String VOTE = "voteQuestion";   // two path parameters, one with a pattern
  private static Vertx vertx;
  private static OpenAPIContract contract;

  @BeforeAll
  static void contract() throws Exception {
    vertx = Vertx.vertx();
    contract = OpenAPIContract.from(vertx, ApiRouter.CONTRACT).toCompletionStage().toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static ValidatableRequest vote(String streamId, String questionId) {
    Map<String, RequestParameter> path = new java.util.HashMap<>();
    if (streamId != null) {
      path.put("id", new RequestParameterImpl(streamId));
    }
    path.put("questionId", new RequestParameterImpl(questionId));
    return new ValidatableRequestImpl(Map.of(), Map.of(), path, Map.of());
  }

  private static Future<ValidatedRequest> library(ValidatableRequest r) throws Exception {
    Future<ValidatedRequest> f = new RequestValidatorImpl(vertx, contract).validate(r, VOTE);
    f.toCompletionStage().toCompletableFuture().handle((x, e) -> null).get(10, TimeUnit.SECONDS);
    return f;
  }

  @Test
  @DisplayName("a valid request is validated before validate returns (no worker hop) with the same values")
  void validAtOnce() throws Exception {
    InlineRequestValidator inline = new InlineRequestValidator(vertx, contract);
    for (int i = 0; i < 3; i++) {   // the second and third use the validators built by the first
      Future<ValidatedRequest> f = inline.validate(vote("ls-demo-now", "q-123abc"), VOTE);
      assertThat(f.succeeded()).as("completed at once: %s", f).isTrue();
      assertThat(f.result().getPathParameters().get("questionId").getString()).isEqualTo("q-123abc");
    }
    assertThat(library(vote("ls-demo-now", "q-123abc")).result().getPathParameters().get("questionId").getString())
        .isEqualTo("q-123abc");
  }

  @Test
  @DisplayName("a parameter that breaks its schema, or a missing one, fails at once with the library's error")
  void invalidAsTheLibrary() throws Exception {
    InlineRequestValidator inline = new InlineRequestValidator(vertx, contract);
    for (ValidatableRequest bad : new ValidatableRequest[] {vote("ls-demo-now", "q/../x"), vote(null, "q-1")}) {
      inline.validate(vote("ls-demo-now", "q-ok"), VOTE);
      Future<ValidatedRequest> ours = inline.validate(bad, VOTE);
      Future<ValidatedRequest> theirs = library(bad);
      assertThat(ours.failed()).as("failed at once: %s", ours).isTrue();
      assertThat(theirs.failed()).isTrue();
      assertThat(ours.cause()).isInstanceOf(ValidatorException.class).hasMessage(theirs.cause().getMessage());
      assertThat(((ValidatorException) ours.cause()).type()).isEqualTo(((ValidatorException) theirs.cause()).type());
    }
  }
}
