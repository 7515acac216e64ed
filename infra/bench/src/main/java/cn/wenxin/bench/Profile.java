package cn.wenxin.bench;

/**
 * How long and how hard each scenario runs. "quick" is the CI smoke test (a minute or two, asserting correctness,
 * never speed); "full" is for real figures.
 *
 * @param warmSeconds     closed-loop warm-up before each measured phase (JIT, pools)
 * @param rateSeconds     closed-loop phase that finds the sustainable rate
 * @param latencySeconds  open-loop phase at {@code openLoad} x that rate, for latency percentiles
 * @param clients         concurrent requests of the HTTP scenarios
 * @param bookingClients  concurrent booking requests
 * @param extraStudents   bench students copied from the demo ones, so that bookings never run out of students
 * @param contenders      K: students racing for one slot in a contention round
 * @param rounds          contention rounds (one fresh slot each)
 * @param idleSockets     authenticated WebSockets held open for the memory scenario
 * @param coldStarts      starts of each kind of node for the cold-start median
 * @param openLoad        the open-loop rate as a share of the closed-loop rate
 * @param chatPairs       student/expert pairs chatting (one expert per pair: at most 100)
 * @param fanoutViewers   viewer sockets in the one live room of the fan-out scenario
 */
record Profile(String name, double warmSeconds, double rateSeconds, double latencySeconds, int clients,
               int bookingClients, int extraStudents, int contenders, int rounds, int idleSockets, int coldStarts,
               double openLoad, int chatPairs, int fanoutViewers) {

  static Profile named(String name) {
    return switch (name) {
      case "quick" -> new Profile("quick", 0.5, 1.5, 1.5, 32, 16, 300, 16, 6, 500, 1, 0.7, 10, 500);
      case "full" -> new Profile("full", 3, 10, 10, 48, 16, 3000, 32, 20, 4000, 2, 0.7, 100, 10_000);
      default -> throw new IllegalArgumentException("profile is quick or full, not " + name);
    };
  }
}
