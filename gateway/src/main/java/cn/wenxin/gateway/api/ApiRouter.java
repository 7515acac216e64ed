package cn.wenxin.gateway.api;

import cn.wenxin.infra.bus.ServiceClient;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ValidatorException;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * Builds the /api/v1 router from the OpenAPI document: one route per operation, request validation on (inline on
 * the event loop, {@link InlineRequestValidator}), each route ending in an {@link OperationDispatcher} to the
 * service that owns the operation.
 */
public final class ApiRouter {

  public static final String CONTRACT = "openapi.yaml";

  private ApiRouter() {
  }

  private static final Map<Vertx, Future<OpenAPIContract>> PER_VERTX = new WeakHashMap<>();

  /**
   * The contract, read and resolved once per Vert.x (most of a gateway's start): the launcher asks for it while the
   * services start, and every gateway instance builds its router from the same one. After it is resolved nothing
   * writes to it; validators only read its schemas. Kept in a promise of no context, which holds no reference to
   * the Vert.x, so that a closed one's entry goes.
   */
  public static synchronized Future<OpenAPIContract> contract(Vertx vertx) {
    return PER_VERTX.computeIfAbsent(vertx, v -> {
      Promise<OpenAPIContract> resolved = Promise.promise();
      OpenAPIContract.from(v, CONTRACT).onComplete(resolved);
      return resolved.future();
    });
  }

  public static Future<Router> create(Vertx vertx) {
    ServiceClient services = new ServiceClient(vertx);
    // Back onto the caller's context: the contract may have been resolved on another one.
    return Future.fromCompletionStage(contract(vertx).toCompletionStage(), vertx.getOrCreateContext()).map(contract -> {
      // The body is read once, by the gateway's BodyHandler (with its size limit); validation reads it from there.
      RequestExtractor extractor = RequestExtractor.withBodyHandler();
      RouterBuilder builder = RouterBuilder.create(vertx, contract, extractor);
      InlineRequestValidator validator = new InlineRequestValidator(vertx, contract);
      for (OpenAPIRoute route : builder.getRoutes()) {
        // Authentication is ours (Authenticator, before validation); validation is the library's rules, run inline.
        Operation operation = route.getOperation();
        route.setDoSecurity(false).setDoValidation(false)
            .addHandler(ctx -> extractor.extractValidatableRequest(ctx, operation)
                .compose(request -> validator.validate(request, operation.getOperationId()))
                .onSuccess(validated -> {
                  ctx.put(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST, validated);
                  ctx.next();
                })
                // As the builder answers a request that breaks the contract: 400, the validator's reason.
                .onFailure(err -> ctx.fail(err instanceof ValidatorException
                    ? new HttpException(400, err.getMessage(), err) : err)))
            .addHandler(new OperationDispatcher(services, operation));
      }
      return builder.createRouter();
    });
  }
}
