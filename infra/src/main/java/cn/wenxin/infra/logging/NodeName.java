package cn.wenxin.infra.logging;

import java.net.InetAddress;

/**
 * This process's name in logs and on {@code /ready}: the host name (a container's or pod's own name) and the process
 * id, so that lines from several nodes merged into one place still say where they were written.
 */
public final class NodeName {

  private static final String NAME = host() + "/" + ProcessHandle.current().pid();

  private NodeName() {
  }

  public static String get() {
    return NAME;
  }

  private static String host() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "localhost";
    }
  }
}
