package cn.wenxin.bench;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code infra/scripts/bench [quick|full]}: runs every scenario against its ceiling, prints the table and writes
 * {@code results.json} under {@code infra/bench/target/bench/} (or the directory given second).
 */
public final class Bench {

  private Bench() {
  }

  public static void main(String[] args) throws Exception {
    Profile profile = Profile.named(args.length > 0 ? args[0] : "quick");
    Path out = Path.of(args.length > 1 ? args[1] : "infra/bench/target/bench");
    JsonObject results = run(profile, out);
    System.out.println(Report.table(results));
    System.out.println("Results: " + out.resolve("results.json").toAbsolutePath());
    System.exit(0);
  }

  /** Runs the profile and writes results.json into {@code out}. */
  public static JsonObject run(Profile profile, Path out) throws Exception {
    JsonObject results = new BenchRun(profile, out).run().put("loadAverageAfter", Machine.loadAverage());
    Files.writeString(out.resolve("results.json"), results.encodePrettily());
    Files.writeString(out.resolve("table.txt"), Report.table(results));
    return results;
  }

  static <T> T await(Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception x ? x : e;
    }
  }
}
