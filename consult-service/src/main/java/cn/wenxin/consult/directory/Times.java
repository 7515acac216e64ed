package cn.wenxin.consult.directory;

import cn.wenxin.infra.error.ProblemException;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

/**
 * Instants are stored and sent as ISO-8601 UTC strings truncated to the second ("2026-12-01T02:00:00Z"): one fixed
 * width, so string order is time order in Mongo range queries on both the embedded server and a real MongoDB.
 */
public final class Times {

  private Times() {
  }

  public static String iso(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** Accepts any ISO-8601 date-time with an offset ("Z", "+08:00"). */
  public static Instant parse(String value, String what) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeException | NullPointerException e) {
      throw ProblemException.unprocessable(what + " '" + value + "' is not an ISO-8601 date-time with an offset");
    }
  }

  public static Instant parseOr(String value, Instant fallback, String what) {
    return value == null || value.isBlank() ? fallback : parse(value, what);
  }
}
