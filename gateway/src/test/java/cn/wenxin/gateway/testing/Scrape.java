package cn.wenxin.gateway.testing;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.Set;
import java.util.function.Predicate;

import static cn.wenxin.gateway.testing.TestStack.await;

/** One read of {@code /metrics} as a Prometheus scraper sees it: each series (name and labels) with its value. */
public record Scrape(Map<String, Double> series) {

  public static Scrape of(TestStack stack) {
    HttpResponse<Buffer> r = await(stack.http().get("/metrics").send());
    if (r.statusCode() != 200) {
      throw new AssertionError("/metrics answered " + r.statusCode());
    }
    Map<String, Double> series = new LinkedHashMap<>();
    for (String line : r.bodyAsString().split("\n")) {
      int space = line.lastIndexOf(' ');
      if (line.isBlank() || line.startsWith("#") || space < 0) {
        continue;
      }
      series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
    return new Scrape(series);
  }

  /** Reads again until {@code done} holds, for at most 15 s (gauges read from the database follow a change). */
  public static Scrape until(TestStack stack, Predicate<Scrape> done) {
    long deadline = System.currentTimeMillis() + 15_000;
    Scrape s = of(stack);
    while (!done.test(s) && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      s = of(stack);
    }
    return s;
  }

  /** The value of one series, written as exposed ({@code name{a="x",b="y"}}); 0 when it is not there (yet). */
  public double value(String seriesName) {
    return series.getOrDefault(seriesName, 0.0);
  }

  /** The metric names exposed (series names without labels). */
  public Set<String> names() {
    Set<String> names = new TreeSet<>();
    series.keySet().forEach(s -> names.add(s.contains("{") ? s.substring(0, s.indexOf('{')) : s));
    return names;
  }
}
