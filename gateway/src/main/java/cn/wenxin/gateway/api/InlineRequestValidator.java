package cn.wenxin.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import io.vertx.openapi.validation.impl.ValidatedRequestImpl;
import io.vertx.openapi.validation.transformer.FormTransformer;
import io.vertx.openapi.validation.transformer.LabelTransformer;
import io.vertx.openapi.validation.transformer.MatrixTransformer;
import io.vertx.openapi.validation.transformer.ParameterTransformer;
import io.vertx.openapi.validation.transformer.SimpleTransformer;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The library's request validation, with the same rules and errors, minus two costs it pays on every request
 * (vertx-openapi 5.0.7): a hop to a worker thread (an ordered one per event loop, so a loop's requests queue there
 * one by one) and a schema validator built anew for each parameter. Checking a few parameters against a compiled
 * schema takes microseconds: it runs on the event loop, and each parameter's validator is built once.
 */
final class InlineRequestValidator extends RequestValidatorImpl {

  private final Map<Style, ParameterTransformer> transformers = new EnumMap<>(Style.class);
  private final Map<Parameter, Validator> validators = new ConcurrentHashMap<>();

  InlineRequestValidator(Vertx vertx, OpenAPIContract contract) {
    super(vertx, contract);
    transformers.put(Style.SIMPLE, new SimpleTransformer());
    transformers.put(Style.LABEL, new LabelTransformer());
    transformers.put(Style.MATRIX, new MatrixTransformer());
    transformers.put(Style.FORM, new FormTransformer());
  }

  @Override
  public Future<ValidatedRequest> validate(ValidatableRequest request, String operationId) {
    Operation operation = contract.operation(operationId);
    if (operation == null) {
      return super.validate(request, operationId);   // the library's own "not found" answer
    }
    try {
      Map<String, RequestParameter> cookies = new HashMap<>();
      Map<String, RequestParameter> headers = new HashMap<>();
      Map<String, RequestParameter> path = new HashMap<>();
      Map<String, RequestParameter> query = new HashMap<>();
      for (Parameter p : operation.getParameters()) {
        String name = p.getName();
        switch (p.getIn()) {
          case COOKIE -> cookies.put(name, validateParameter(p, request.getCookies().get(name)));
          case HEADER -> headers.put(name, validateParameter(p, request.getHeaders().get(name)));
          case PATH -> path.put(name, validateParameter(p, request.getPathParameters().get(name)));
          case QUERY -> query.put(name, validateParameter(p, request.getQuery().get(name)));
          default -> { }
        }
      }
      RequestParameter body = validateBody(operation.getRequestBody(), request);
      return Future.succeededFuture(new ValidatedRequestImpl(cookies, headers, path, query, body));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  @Override
  public RequestParameter validateParameter(Parameter parameter, RequestParameter value) throws ValidatorException {
    if (value == null || value.isNull()) {
      if (parameter.isRequired()) {
        throw ValidatorException.createMissingRequiredParameter(parameter);
      }
      return new RequestParameterImpl(null);
    }
    ParameterTransformer transformer = transformers.get(parameter.getStyle());
    if (transformer == null) {
      throw ValidatorException.createUnsupportedValueFormat(parameter);
    }
    Object transformed = transformer.transform(parameter, String.valueOf(value.get()));
    OutputUnit result = validators.computeIfAbsent(parameter,
        p -> contract.getSchemaRepository().validator(p.getSchema())).validate(transformed);
    try {
      result.checkValidity();
      return new RequestParameterImpl(transformed);
    } catch (JsonSchemaValidationException e) {
      throw SchemaValidationException.createErrorFromOutputUnitType(parameter, result, e);
    }
  }
}
