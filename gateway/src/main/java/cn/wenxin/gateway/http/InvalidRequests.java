package cn.wenxin.gateway.http;

import cn.wenxin.infra.error.ProblemException;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request HTTP itself could not read (a line or headers too long, a broken request line) never reaches the router:
 * Vert.x would answer it with an empty 414/431/400. It gets problem JSON like every other failure, then the connection
 * closes (what follows on it cannot be trusted to be framed right).
 */
public final class InvalidRequests {

  private static final Logger log = LoggerFactory.getLogger(InvalidRequests.class);

  private InvalidRequests() {
  }

  public static void answer(HttpServerRequest request) {
    DecoderResult result = request.decoderResult();
    Throwable cause = result == null ? null : result.cause();
    int status = 400;
    String title = "Bad request";
    if (cause instanceof TooLongFrameException && cause.getMessage() != null) {
      if (cause.getMessage().startsWith("An HTTP line is larger than")) {
        status = 414;
        title = "URI too long";
      } else if (cause.getMessage().startsWith("HTTP header is larger than")) {
        status = 431;
        title = "Request headers too large";
      }
    }
    log.info("Unreadable request answered {}: {}", status, cause == null ? "-" : cause.getMessage());
    ProblemException problem = new ProblemException(status, title, "The request could not be read");
    request.response().setStatusCode(status)
        .putHeader("Content-Type", "application/problem+json")
        .putHeader("Connection", "close")
        .end(problem.toJson().encode())
        .onComplete(done -> request.connection().close());
  }
}
