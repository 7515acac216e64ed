package cn.wenxin.infra.error;

import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * A dependency too busy to answer (Redis pool full, MongoDB timing out, a worker queue full) is not a bug: the
 * caller may try again shortly. Such failures become 503 with Retry-After, logged without a stack.
 */
public final class Overload {

  static final long RETRY_AFTER_SECONDS = 2;

  private Overload() {
  }

  /** The 503 problem for a saturation failure anywhere in the cause chain; null for anything else. */
  public static ProblemException problemFor(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectionPoolTooBusyException || t instanceof TimeoutException
          || t instanceof RejectedExecutionException || t instanceof com.mongodb.MongoTimeoutException
          || t instanceof com.mongodb.MongoSocketException || t instanceof com.mongodb.MongoExecutionTimeoutException
          || t instanceof io.netty.channel.ConnectTimeoutException) {
        return unavailable("A service this depends on is busy; try again in a moment");
      }
      // Redis or MongoDB gone (stopped, restarting, failing over): refused or cut connections, not a bug here.
      if (t instanceof java.net.ConnectException || t instanceof java.nio.channels.ClosedChannelException) {
        return unavailable("A service this depends on is not answering; try again in a moment");
      }
    }
    return null;
  }

  public static ProblemException unavailable(String detail) {
    return new ProblemException(503, "Service unavailable", detail,
        new JsonObject().put("retryAfter", RETRY_AFTER_SECONDS));
  }
}
