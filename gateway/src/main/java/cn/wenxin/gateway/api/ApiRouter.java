package cn.wenxin.gateway.api;

import cn.wenxin.infra.bus.ServiceClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ValidatorException;

/**
 * Builds the /api/v1 router from the OpenAPI document: one route per operation, request validation on (inline on
 * the event loop, {@link InlineRequestValidator}), each route ending in an {@link OperationDispatcher} to the
 * service that owns the operation.
 */
public final class ApiRouter {

  public static final String CONTRACT = "openapi.yaml";

  private ApiRouter() {
  }

  public static Future<Router> create(Vertx vertx) {
    ServiceClient services = new ServiceClient(vertx);
    return OpenAPIContract.from(vertx, CONTRACT).map(contract -> {
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
