package cn.wenxin.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/** The load generator's HTTP client to one node: keep-alive connections on loopback, one answer per request. */
final class Http {

  record Answer(int status, Buffer body) {
  }

  private final HttpClient client;

  Http(Vertx vertx, int port, int connections) {
    client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
            .setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
  }

  Future<Answer> send(HttpMethod method, String uri, String token, Buffer body, String idempotencyKey) {
    RequestOptions o = new RequestOptions().setMethod(method).setURI(uri).setIdleTimeout(60_000);
    if (token != null) {
      o.putHeader("Authorization", "Bearer " + token);
    }
    if (idempotencyKey != null) {
      o.putHeader("Idempotency-Key", idempotencyKey);
    }
    if (body != null) {
      o.putHeader("Content-Type", "application/json");
    }
    return client.request(o)
        .compose(req -> body == null ? req.send() : req.send(body))
        .compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(), b)));
  }

  Future<Answer> get(String uri, String token) {
    return send(HttpMethod.GET, uri, token, null, null);
  }

  void close() {
    client.close();
  }
}
