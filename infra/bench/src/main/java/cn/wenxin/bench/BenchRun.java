package cn.wenxin.bench;

import cn.wenxin.bench.load.Op;
import cn.wenxin.bench.node.BareNode;
import cn.wenxin.bench.node.ServiceNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One run of every scenario against its ceiling, on this machine, in this order: the service and a bare Vert.x
 * node are started (their start-up times are the first cold-start samples), the population is prepared, then the
 * read scenarios, idle sockets, booking, contention, chat and fan-out run; the nodes stop; two nodes and more cold
 * starts follow in "full".
 */
final class BenchRun {

  private final Profile profile;
  private final Path out;
  private final Vertx vertx = Vertx.vertx();
  private final Compare compare;

  BenchRun(Profile profile, Path out) {
    this.profile = profile;
    this.out = out;
    this.compare = new Compare(profile);
  }

  JsonObject run() throws Exception {
    cn.wenxin.bench.node.GcPauses.listen();
    Files.createDirectories(out);
    JsonArray scenarios = new JsonArray();
    JsonObject run = new JsonObject().put("profile", profile.name()).put("startedAt", java.time.Instant.now().toString())
        .put("machine", Machine.describe()).put("scenarios", scenarios);
    ColdStarts cold = new ColdStarts();
    try (Node bare = startBare(); Node service = startService()) {
      cold.add("bare", bare.readyMillis());
      cold.add("service", service.readyMillis());
      Http toService = new Http(vertx, service.port, Math.max(profile.clients(), profile.contenders()) + 8);
      Http toBare = new Http(vertx, bare.port, profile.clients() + 8);
      Population pop = Population.load(service, toService, profile.extraStudents());
      List<Population.Student> students = pop.students;
      int c = profile.clients();
      // Read scenarios: each client is one signed-in person asking again and again, as a busy tab does.
      List<Population.Student> readers = students.subList(students.size() - c, students.size());

      int needed = Contention.studentsNeeded(profile.contenders(), profile.rounds());
      if (wanted("me")) {
        scenarios.add(compare.rates("me", "GET /api/v1/me (signed in)",
            Side.local(vertx, service, rotating(readers, s -> toService.get("/api/v1/me", s.token()))),
            "bare Vert.x JSON answer",
            Side.local(vertx, bare, rotating(readers, s -> toBare.get("/me", s.token()))), c));
      }
      if (wanted("slots")) {
        scenarios.add(compare.rates("slots", "GET /api/v1/experts/{id}/slots (7 days)",
            Side.local(vertx, service, rotatingExperts(e -> toService.get("/api/v1/experts/" + e + "/slots",
                readers.get(0).token()))),
            "the handler's three finds, bare driver", Side.remote(service, kind("slotReads")), c));
      }
      if (wanted("search")) {
        scenarios.add(compare.rates("search", "GET /api/v1/experts (first page)",
            Side.local(vertx, service, rotating(readers, s -> toService.get("/api/v1/experts", s.token()))),
            "bare driver find of the active experts", Side.remote(service, kind("findExperts")), c));
      }
      // Before the writes: the node's later work on the bookings (reminders, notices, its database's page cache) would
      // otherwise grow its heap while the sockets are counted, and be taken for socket memory.
      if (wanted("idleSockets")) {
        pop.refreshTokens(service);
        scenarios.add(sockets(service, bare, students));
      }
      if (wanted("booking")) {
        scenarios.add(booking(service, new BookingWork(students.subList(needed, students.size()), pop.bookingSlots),
            toService));
      }
      if (wanted("contention")) {
        scenarios.add(contention(service, pop, needed, toService));
      }
      // Audited before the chat scenario, whose fixture bookings are written past the booking rules.
      run.put("bookingAudit", service.call("audit", new JsonObject()));
      pop.refreshTokens(service);
      if (wanted("chat")) {
        List<Population.Student> older = students.subList(0, students.size() - c).stream()
            .filter(st -> !st.minor()).toList();
        scenarios.add(chat(service, bare, toService,
            older.subList(Math.max(0, older.size() - profile.chatPairs()), older.size())));
      }
      pop.refreshTokens(service);
      if (wanted("fanout")) {
        scenarios.add(fanout(service, bare, toService, toBare, students));
      }
      toService.close();
      toBare.close();
    }
    // Opt-in (it starts two more nodes): WENXIN_BENCH_ONLY=twoNodes, or the full profile when it runs everything.
    if (named("twoNodes") || "full".equals(profile.name()) && wanted("twoNodes")) {
      scenarios.add(twoNodes());
    }
    for (int i = 1; i < profile.coldStarts(); i++) {
      try (Node bare = startBare()) {
        cold.add("bare", bare.readyMillis());
      }
      try (Node service = startService()) {
        cold.add("service", service.readyMillis());
      }
    }
    scenarios.add(cold.toJson());
    run.put("finishedAt", java.time.Instant.now().toString());
    deleteData();
    vertx.close();
    return run;
  }

  private JsonObject chat(Node service, Node bare, Http http, List<Population.Student> pairs) throws Exception {
    ChatPairs ours;
    try {
      ours = ChatPairs.service(vertx, service, http, pairs);
    } catch (IllegalStateException noSessions) {
      // A build without counseling sessions: the scenario is reported as not run, never as measured.
      return new JsonObject().put("name", "chat").put("status", "unavailable").put("note", noSessions.getMessage());
    }
    ChatPairs echo = ChatPairs.echo(vertx, bare, pairs.size());
    try {
      return compare.rates("chat", pairs.size() + " student/expert pairs, chat.send to the other's chat.msg",
          Side.local(vertx, service, ours.op()), "bare Vert.x WebSocket echo, as many socket pairs",
          Side.local(vertx, bare, echo.op()), pairs.size());
    } finally {
      ours.close();
      echo.close();
    }
  }

  /**
   * One live room, N viewers (students in turn); ours is the host's chat line to the last viewer, the ceiling a bare
   * broadcast of one pre-encoded frame to as many sockets. The two sides hold their sockets one after the other.
   */
  private JsonObject fanout(Node service, Node bare, Http toService, Http toBare, List<Population.Student> students)
      throws Exception {
    String stream = "ls-demo-now";
    String host = service.call("liveHost", new JsonObject().put("hostId", "exp-001")).getString("token");
    Http.Answer started = Bench.await(toService.send(io.vertx.core.http.HttpMethod.POST,
        "/api/v1/livestreams/" + stream + "/start", host, new JsonObject().toBuffer(), null));
    if (started.status() != 200) {
      return new JsonObject().put("name", "fanout").put("status", "unavailable")
          .put("note", "starting " + stream + " answered " + started.status() + ": " + started.body());
    }
    int n = profile.fanoutViewers();
    int concurrency = 4;
    List<String> tokens = students.stream().map(Population.Student::token).toList();
    Fanout ours = Fanout.service(vertx, service, toService, stream, host, tokens, n);
    JsonObject o;
    try {
      o = compare.measure(Side.local(vertx, service, ours.op()), concurrency).put("setup", ours.setup());
    } finally {
      ours.close();
    }
    Fanout plain = Fanout.bare(vertx, bare, toBare, n);
    JsonObject c;
    try {
      c = compare.measure(Side.local(vertx, bare, plain.op()), concurrency).put("setup", plain.setup());
    } finally {
      plain.close();
    }
    return Compare.result("fanout", "one live room, " + n + " viewers: the host's chat line until the last viewer"
        + " shows it (updates/s)", o, "bare Vert.x broadcast of one pre-encoded frame to as many sockets", c);
  }

  private JsonObject booking(Node service, BookingWork work, Http http) throws Exception {
    JsonObject booking = compare.rates("booking", "POST /api/v1/bookings, distinct free slots",
        Side.local(vertx, service, work.op(http)),
        "bare driver insert of a booking-sized document", Side.remote(service, kind("insertBooking")),
        profile.bookingClients());
    return booking.put("checks", new JsonObject().put("planned", work.capacity()).put("sent", work.used())
        .put("rejected", work.rejected.get()).put("firstRejection", work.firstRejection));
  }

  private static JsonObject kind(String kind) {
    return new JsonObject().put("kind", kind);
  }

  private static boolean named(String scenario) {
    String only = System.getenv().getOrDefault("WENXIN_BENCH_ONLY", "").trim();
    return java.util.Arrays.asList(only.split(",")).contains(scenario);
  }

  /**
   * Chat across two clustered nodes (students' tabs on A, experts' on B: every message crosses the clustered event
   * bus and the shared Redis) against the same pairs on node A alone. Both nodes share A's embedded database.
   */
  private JsonObject twoNodes() throws Exception {
    int clusterA = freePort();
    int clusterB = freePort();
    byte[] jwt = new byte[32];
    byte[] master = new byte[96];
    new java.security.SecureRandom().nextBytes(jwt);
    new java.security.SecureRandom().nextBytes(master);
    Map<String, String> cluster = new HashMap<>();
    cluster.put("WENXIN_CLUSTER", "hazelcast");
    cluster.put("WENXIN_CLUSTER_NAME", "wenxin-bench-" + UUID.randomUUID());
    cluster.put("WENXIN_CLUSTER_MEMBERS", "127.0.0.1:" + clusterA + ",127.0.0.1:" + clusterB);
    cluster.put("WENXIN_REDIS_NAMESPACE", "wenxin-bench-" + UUID.randomUUID());
    cluster.put("WENXIN_JWT_KEYS", "b1:" + java.util.Base64.getEncoder().encodeToString(jwt));
    cluster.put("WENXIN_LOCAL_MASTER_KEY", java.util.Base64.getEncoder().encodeToString(master));
    Map<String, String> envA = new HashMap<>(cluster);
    envA.put("WENXIN_CLUSTER_PORT", String.valueOf(clusterA));
    try (Node a = startService("nodeA", envA)) {
      Map<String, String> envB = new HashMap<>(cluster);
      envB.put("WENXIN_CLUSTER_PORT", String.valueOf(clusterB));
      envB.put("WENXIN_MONGO_URI", a.call("mongoUri", new JsonObject()).getString("uri"));
      envB.put("WENXIN_DEMO", "false");
      try (Node b = startService("nodeB", envB)) {
        Http http = new Http(vertx, a.port, profile.clients() + 8);
        Population pop = Population.load(a, http, 0);
        List<Population.Student> older = pop.students.stream().filter(st -> !st.minor()).toList();
        int n = Math.min(profile.chatPairs(), older.size() / 2);
        ChatPairs across = ChatPairs.service(vertx, a, b.port, http, older.subList(0, n));
        ChatPairs alone = ChatPairs.service(vertx, a, http, older.subList(n, 2 * n));
        try {
          return compare.rates("twoNodes", n + " chat pairs across two clustered nodes (student on A, expert on B)",
              Side.local(vertx, a, across.op()), "the same number of pairs on node A alone (same cluster)",
              Side.local(vertx, a, alone.op()), n);
        } finally {
          across.close();
          alone.close();
          http.close();
        }
      }
    }
  }

  /** WENXIN_BENCH_ONLY=me,booking runs only those scenarios (for profiling one); the default is all. */
  private static boolean wanted(String scenario) {
    String only = System.getenv().getOrDefault("WENXIN_BENCH_ONLY", "").trim();
    return only.isEmpty() || java.util.Arrays.asList(only.split(",")).contains(scenario);
  }

  private JsonObject contention(Node service, Population pop, int needed, Http http) throws Exception {
    Contention race = new Contention(pop.students.subList(0, needed), pop.contentionSlots, profile.contenders(),
        profile.rounds());
    JsonObject ours = Side.local(vertx, service, race.op(http)).closed(1, 600);
    JsonObject ceiling = Side.remote(service, new JsonObject().put("kind", "sameId")
        .put("clients", profile.contenders()).put("rounds", profile.rounds())).closed(1, 600);
    return new JsonObject().put("name", "contention")
        .put("what", profile.contenders() + " students book one slot at once, " + profile.rounds() + " rounds")
        .put("ceilingWhat", "bare driver: as many inserts of one _id at once")
        .put("unit", "rounds/s").put("better", "higher").put("ours", ours).put("ceiling", ceiling)
        .put("ratio", Compare.round(ours.getDouble("rate") / Math.max(1e-9, ceiling.getDouble("rate"))))
        .put("checks", new JsonObject().put("rounds", profile.rounds()).put("rightRounds", ours.getLong("ok"))
            .put("badRounds", new JsonArray(race.badRounds)).put("ceilingRightRounds", ceiling.getLong("ok")));
  }

  private JsonObject sockets(Node service, Node bare, List<Population.Student> students) throws Exception {
    IdleSockets idle = new IdleSockets(vertx);
    int n = profile.idleSockets();
    JsonObject ours = idle.measure(service, n, i -> new JsonObject().put("type", "hello")
        .put("token", students.get(i % students.size()).token()).put("resumeAfter", 0).encode(), "\"welcome\"");
    JsonObject ceiling = idle.measure(bare, n, i -> "{\"type\":\"hello\"}", "hello");
    return new JsonObject().put("name", "idleSockets").put("what", n + " idle signed-in WebSockets, heap each")
        .put("ceilingWhat", "bare Vert.x WebSocket server").put("unit", "KB/socket").put("better", "lower")
        .put("ours", ours).put("ceiling", ceiling)
        .put("ratio", Compare.round(ours.getDouble("heapKbPerSocket")
            / Math.max(1e-9, ceiling.getDouble("heapKbPerSocket"))));
  }

  private static Op rotating(List<Population.Student> students,
                             java.util.function.Function<Population.Student, io.vertx.core.Future<Http.Answer>> ask) {
    java.util.concurrent.atomic.AtomicInteger i = new java.util.concurrent.atomic.AtomicInteger();
    return () -> ask.apply(students.get(Math.floorMod(i.getAndIncrement(), students.size())))
        .map(a -> a.status() == 200);
  }

  private static Op rotatingExperts(java.util.function.Function<String, io.vertx.core.Future<Http.Answer>> ask) {
    java.util.concurrent.atomic.AtomicInteger i = new java.util.concurrent.atomic.AtomicInteger();
    return () -> ask.apply(Population.expert(1 + Math.floorMod(i.getAndIncrement(), Population.EXPERTS)))
        .map(a -> a.status() == 200);
  }

  private Node startService() throws Exception {
    return startService("service", Map.of());
  }

  private Node startService(String name, Map<String, String> extra) throws Exception {
    Path data = Files.createTempDirectory(Files.createDirectories(out.resolve("data")), "service-");
    int port = freePort();
    Map<String, String> env = new HashMap<>();
    env.put("WENXIN_DATA_DIR", data.toString());
    env.put("WENXIN_HTTP_PORT", String.valueOf(port));
    env.put("WENXIN_HTTP_HOST", "127.0.0.1");
    env.put("WENXIN_REDIS_NAMESPACE", "wenxin-bench-" + UUID.randomUUID());
    env.put("WENXIN_DEMO", "true");
    // Every benchmark client comes from one address (loopback), so the per-address socket cap is lifted.
    env.put("WENXIN_WS_PER_ADDRESS", "1000000");
    // The chat scenario measures the relay, not the per-person flood limit.
    env.put("WENXIN_CHAT_PER_MINUTE", "100000000");
    // ...and the fan-out scenario the room's data flow, not the host's per-minute chat limit.
    env.put("WENXIN_LIVE_CHAT_PER_MINUTE", "100000000");
    env.putAll(extra);
    return Node.start(name, ServiceNode.class, env, port, out.resolve(name + ".log"));
  }

  private Node startBare() throws Exception {
    int port = freePort();
    return Node.start("bare", BareNode.class, Map.of("BENCH_PORT", String.valueOf(port)), port,
        out.resolve("bare.log"));
  }

  /** The nodes' embedded databases are only for this run (the logs and results stay). */
  private void deleteData() throws IOException {
    Path data = out.resolve("data");
    if (Files.exists(data)) {
      try (var paths = Files.walk(data)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
