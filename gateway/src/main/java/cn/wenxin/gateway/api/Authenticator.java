package cn.wenxin.gateway.api;

import cn.wenxin.infra.error.Overload;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.security.AccessTokens;
import cn.wenxin.infra.security.Principal;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Verifies a bearer access token when one is sent (signature, kid, issuer, audience, expiry) and that it was not
 * signed out; puts the principal on the context. A request without a token passes on as anonymous; each operation
 * then says whether it needs one.
 */
public final class Authenticator implements Handler<RoutingContext> {

  public static final String PRINCIPAL = "principal";

  private final VerifiedTokens tokens;
  private final EndedSignIns ended;

  public Authenticator(AccessTokens tokens, EndedSignIns ended) {
    this.tokens = new VerifiedTokens(tokens);
    this.ended = ended;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null) {
      ctx.next();
      return;
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      ctx.fail(ProblemException.unauthorized("Use an Authorization: Bearer access token"));
      return;
    }
    verify(header.substring(7).trim())
        .onSuccess(p -> {
          ctx.put(PRINCIPAL, p);
          ctx.next();
        })
        .onFailure(ctx::fail);
  }

  /** The principal of a token that is valid and not signed out; shared with the WebSocket channel. */
  public Future<Principal> verify(String token) {
    Principal p = tokens.verify(token).orElse(null);
    if (p == null) {
      return Future.failedFuture(ProblemException.unauthorized("The access token is invalid or has expired"));
    }
    if (!ended.loaded()) {
      return Future.failedFuture(Overload.unavailable("This node has not yet read which sign-ins have ended"));
    }
    // Signing out (or a stolen refresh token) ends the whole sign-in: every token carrying its sid.
    return ended.refuses(p.sessionId())
        ? Future.failedFuture(ProblemException.unauthorized("This sign-in has ended"))
        : Future.succeededFuture(p);
  }

  /**
   * Before a sign-out's answer leaves (a success, or a failure of ours: the person asked to end it), this node
   * refuses that sign-in, whether or not Redis could take it.
   */
  public void signingOut(RoutingContext ctx) {
    Principal p = ctx.get(PRINCIPAL);
    if (p != null) {
      // Not a sign-out the request itself got wrong (4xx: a broken body, a wrong refresh token): it ended nothing,
      // and ending it on this node alone would refuse here a token every other node accepts.
      ctx.addHeadersEndHandler(v -> {
        int status = ctx.response().getStatusCode();
        if (status < 400 || status >= 500) {
          ended.end(p.sessionId());
        }
      });
    }
    ctx.next();
  }
}
