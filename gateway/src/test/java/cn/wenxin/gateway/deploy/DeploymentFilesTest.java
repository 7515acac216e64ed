package cn.wenxin.gateway.deploy;

import cn.wenxin.gateway.testing.MetricsTraffic;
import cn.wenxin.gateway.testing.Scrape;
import cn.wenxin.gateway.testing.TestStack;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No container engine runs here, so the deployment files are checked as data: they parse, the pieces refer to each
 * other by the right names, every WENXIN_* variable they set is one the service reads, and the settings that keep
 * counseling safe (token-only Jitsi, no auto-owner, no recording, probes, secrets by reference) are there; and the
 * Grafana dashboard queries only metrics that a running node really exposes.
 */
class DeploymentFilesTest {

  private static final Path DEPLOY = Path.of("..", "infra", "deploy");

  @Test
  @DisplayName("The compose stack has a three-member replica set, Sentinel quorum and two nodes behind nginx")
  void composeStack() throws IOException {
    Map<String, Object> services = map(compose(), "services");
    assertThat(services).containsKeys("mongo1", "mongo2", "mongo3", "redis-primary", "redis-replica",
        "sentinel1", "sentinel2", "sentinel3", "wenxin1", "wenxin2", "nginx");
    assertThat(String.valueOf(map(services, "mongo-init").get("command")))
        .contains("mongo1:27017", "mongo2:27017", "mongo3:27017");
    for (String node : List.of("wenxin1", "wenxin2")) {
      Map<String, Object> env = map(map(services, node), "environment");
      assertThat(String.valueOf(env.get("WENXIN_MONGO_URI"))).contains("replicaSet=wenxin", "w=majority");
      assertThat(String.valueOf(env.get("WENXIN_JWT_KEYS"))).startsWith("${");   // from .env, never a literal
    }
    assertThat(Files.readString(DEPLOY.resolve("redis/sentinel.conf"))).contains("sentinel monitor wenxin redis-primary 6379 2");
  }

  @Test
  @DisplayName("nginx balances over exactly the compose nodes and passes the WebSocket upgrade on /ws")
  void nginxProxy() throws IOException {
    String conf = Files.readString(DEPLOY.resolve("nginx/wenxin.conf"));
    Set<String> upstream = new TreeSet<>();
    Matcher m = Pattern.compile("server (wenxin\\d+):8080").matcher(conf);
    while (m.find()) {
      upstream.add(m.group(1));
    }
    Set<String> nodes = new TreeSet<>(map(compose(), "services").keySet());
    nodes.removeIf(name -> !name.matches("wenxin\\d+"));
    assertThat(upstream).isEqualTo(nodes);
    String ws = conf.substring(conf.indexOf("location /ws"), conf.indexOf("}", conf.indexOf("location /ws")));
    assertThat(ws).contains("proxy_set_header Upgrade $http_upgrade", "proxy_set_header Connection $connection_upgrade");
  }

  @Test
  @DisplayName("Jitsi accepts only Wenxin's tokens, makes no first-comer moderator and records nothing")
  void jitsiTokenAuth() throws IOException {
    Map<String, Object> services = map(compose(), "services");
    Map<String, Object> prosody = map(map(services, "jitsi-prosody"), "environment");
    assertThat(prosody).containsEntry("AUTH_TYPE", "jwt").containsEntry("ENABLE_GUESTS", "0")
        .containsEntry("JWT_ALLOW_EMPTY", "0").containsEntry("ENABLE_RECORDING", "0")
        .containsEntry("ENABLE_TRANSCRIPTIONS", "0");
    assertThat(String.valueOf(prosody.get("XMPP_MUC_MODULES"))).contains("token_affiliation");
    assertThat(map(map(services, "jitsi-jicofo"), "environment")).containsEntry("ENABLE_AUTO_OWNER", "0");
    // The shared secret goes to Prosody (which checks tokens) and the Wenxin nodes (which mint them), nowhere else.
    for (String name : List.of("jitsi-web", "jitsi-jicofo", "jitsi-jvb")) {
      assertThat(map(map(services, name), "environment")).doesNotContainKey("JWT_APP_SECRET");
    }
    Map<String, Object> node = map(map(services, "wenxin1"), "environment");
    assertThat(String.valueOf(node.get("WENXIN_JITSI_APP_ID"))).isEqualTo(String.valueOf(prosody.get("JWT_APP_ID")));
  }

  @Test
  @DisplayName("Kubernetes: probes on /health and /ready, secrets by reference, autoscaler and budget on the same pods")
  void kubernetes() throws IOException {
    List<Map<String, Object>> docs = k8s("wenxin.yaml");
    Map<String, Object> deployment = kind(docs, "Deployment");
    Map<String, Object> podSpec = map(map(map(deployment, "spec"), "template"), "spec");
    Map<String, Object> container = list(podSpec, "containers").get(0);
    assertThat(String.valueOf(container.get("livenessProbe"))).contains("/health");
    assertThat(String.valueOf(container.get("readinessProbe"))).contains("/ready");
    Set<String> secretKeys = map(kind(k8s("secrets.example.yaml"), "Secret"), "stringData").keySet();
    for (Map<String, Object> env : list(container, "env")) {
      if (String.valueOf(env.get("name")).matches(".*(KEYS|SECRET|URI|URL).*")) {
        Map<String, Object> ref = map(map(env, "valueFrom"), "secretKeyRef");
        assertThat(secretKeys).contains(String.valueOf(ref.get("key")));
      }
    }
    Object podLabels = map(map(map(map(deployment, "spec"), "template"), "metadata"), "labels");
    assertThat(map(map(kind(docs, "PodDisruptionBudget"), "spec"), "selector").get("matchLabels")).isEqualTo(podLabels);
    assertThat(map(kind(docs, "Service"), "spec").get("selector")).isEqualTo(podLabels);
    assertThat(map(map(kind(docs, "HorizontalPodAutoscaler"), "spec"), "scaleTargetRef").get("name"))
        .isEqualTo(map(deployment, "metadata").get("name"));
  }

  @Test
  @DisplayName("Every WENXIN_* variable the deployment sets is one the service actually reads")
  void variablesAreReal() throws IOException {
    Set<String> read = readByService();
    Set<String> set = new TreeSet<>();
    for (String file : List.of("docker-compose.yml", "k8s/wenxin.yaml")) {
      Matcher m = Pattern.compile("\\b(WENXIN_[A-Z0-9_]+)\\s*[:=]|name: (WENXIN_[A-Z0-9_]+)")
          .matcher(Files.readString(DEPLOY.resolve(file)));
      while (m.find()) {
        set.add(m.group(1) != null ? m.group(1) : m.group(2));
      }
    }
    assertThat(set).isNotEmpty();
    assertThat(read).containsAll(set);
  }

  @Test
  @DisplayName("Every metric the Grafana dashboard queries is on a running node's /metrics after a booking, a chat"
      + " and a talk-now request")
  void dashboardQueriesRealMetrics() throws Exception {
    JsonObject dashboard = new JsonObject(Files.readString(DEPLOY.resolve("grafana/wenxin-dashboard.json")));
    assertThat(dashboard.getString("uid")).isNotBlank();
    Set<String> queried = new TreeSet<>();
    Set<Integer> ids = new TreeSet<>();
    Pattern metric = Pattern.compile("\\b((?:wenxin|vertx|jvm|process)_[a-z0-9_]+)");
    for (Object o : dashboard.getJsonArray("panels")) {
      JsonObject panel = (JsonObject) o;
      assertThat(ids.add(panel.getInteger("id"))).as("panel ids are unique").isTrue();
      if ("row".equals(panel.getString("type"))) {
        continue;
      }
      assertThat(panel.getJsonArray("targets")).as(panel.getString("title")).isNotEmpty();
      for (Object t : panel.getJsonArray("targets")) {
        Matcher m = metric.matcher(((JsonObject) t).getString("expr"));
        while (m.find()) {
          queried.add(m.group(1));
        }
      }
    }
    assertThat(queried).contains("wenxin_bookings_total", "wenxin_hotline_queue_length",
        "wenxin_eventloop_delay_seconds_bucket", "vertx_http_server_requests_total", "jvm_memory_used_bytes");
    try (TestStack stack = TestStack.withDemo()) {
      MetricsTraffic.book(stack, "student051", "exp-051");
      String talk = MetricsTraffic.talkNow(stack, "student052").getString("id");
      MetricsTraffic.chat(stack, "student052", talk);
      // The GC pause timer exists from the first collection on, which a young process may not have had yet.
      System.gc();
      long deadline = System.nanoTime() + 10_000_000_000L;
      Set<String> served = Scrape.of(stack).names();
      while (!served.containsAll(queried) && System.nanoTime() < deadline) {
        Thread.sleep(100);
        served = Scrape.of(stack).names();
      }
      assertThat(served).containsAll(queried);
    }
  }

  /** The WENXIN_* names that appear as string literals in the service's main sources. */
  private static Set<String> readByService() throws IOException {
    Set<String> names = new TreeSet<>();
    Pattern literal = Pattern.compile("\"(WENXIN_[A-Z0-9_]+)\"");
    for (String module : List.of("infra", "consult-service", "live-service", "gateway")) {
      try (Stream<Path> files = Files.walk(Path.of("..", module, "src", "main", "java"))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          Matcher m = literal.matcher(Files.readString(f));
          while (m.find()) {
            names.add(m.group(1));
          }
        }
      }
    }
    return names;
  }

  private static Map<String, Object> compose() throws IOException {
    return new Yaml().load(Files.readString(DEPLOY.resolve("docker-compose.yml")));
  }

  private static List<Map<String, Object>> k8s(String file) throws IOException {
    List<Map<String, Object>> docs = new ArrayList<>();
    for (Object doc : new Yaml().loadAll(Files.readString(DEPLOY.resolve("k8s").resolve(file)))) {
      docs.add(cast(doc));
    }
    return docs;
  }

  private static Map<String, Object> kind(List<Map<String, Object>> docs, String kind) {
    return docs.stream().filter(d -> kind.equals(d.get("kind"))).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind));
  }

  private static Map<String, Object> map(Map<String, Object> m, String key) {
    assertThat(m).containsKey(key);
    return cast(m.get(key));
  }

  private static List<Map<String, Object>> list(Map<String, Object> m, String key) {
    assertThat(m).containsKey(key);
    return cast(m.get(key));
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object o) {
    return (T) o;
  }
}
