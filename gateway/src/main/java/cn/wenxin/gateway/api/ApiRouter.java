package cn.wenxin.gateway.api;

import cn.wenxin.infra.bus.ServiceClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;

/**
 * Builds the /api/v1 router from the OpenAPI document: one route per operation, request validation on, each
 * route ending in an {@link OperationDispatcher} to the service that owns the operation.
 */
public final class ApiRouter {

  public static final String CONTRACT = "openapi.yaml";

  private ApiRouter() {
  }

  public static Future<Router> create(Vertx vertx) {
    ServiceClient services = new ServiceClient(vertx);
    return OpenAPIContract.from(vertx, CONTRACT).map(contract -> {
      // The body is read once, by the gateway's BodyHandler (with its size limit); validation reads it from there.
      RouterBuilder builder = RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler());
      for (OpenAPIRoute route : builder.getRoutes()) {
        // Authentication is ours (Authenticator, before validation); the builder only validates.
        route.setDoSecurity(false).setDoValidation(true)
            .addHandler(new OperationDispatcher(services, route.getOperation()));
      }
      return builder.createRouter();
    });
  }
}
