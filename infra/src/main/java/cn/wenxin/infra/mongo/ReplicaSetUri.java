package cn.wenxin.infra.mongo;

/**
 * A replica set's connection string as this service uses it: writes retried once on a failover
 * ({@code retryWrites=true}) and acknowledged only when a majority holds them ({@code w=majority}), so that a
 * booking, a consent or a case that was answered 201 survives the loss of the primary. Options the operator wrote
 * win; a standalone server (no {@code replicaSet}, not {@code mongodb+srv}) is left as it is, since it has no
 * majority to wait for.
 */
public final class ReplicaSetUri {

  private ReplicaSetUri() {
  }

  public static boolean isReplicaSet(String uri) {
    return uri.startsWith("mongodb+srv://") || option(uri, "replicaSet") != null;
  }

  public static String durable(String uri) {
    if (!isReplicaSet(uri)) {
      return uri;
    }
    String out = uri;
    if (option(out, "retryWrites") == null) {
      out = add(out, "retryWrites=true");
    }
    if (option(out, "w") == null) {
      out = add(out, "w=majority");
    }
    return out;
  }

  static String option(String uri, String name) {
    int q = uri.indexOf('?');
    if (q < 0) {
      return null;
    }
    for (String pair : uri.substring(q + 1).split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equalsIgnoreCase(name)) {
        return pair.substring(eq + 1);
      }
    }
    return null;
  }

  private static String add(String uri, String option) {
    int q = uri.indexOf('?');
    if (q < 0) {
      // mongodb://h1,h2/db -> the options follow the path; a URI without a path needs the slash first.
      int hostsStart = uri.indexOf("://") + 3;
      return uri.indexOf('/', hostsStart) < 0 ? uri + "/?" + option : uri + "?" + option;
    }
    return uri.endsWith("?") || uri.endsWith("&") ? uri + option : uri + "&" + option;
  }
}
