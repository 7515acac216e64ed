package cn.wenxin.consult.booking;

import cn.wenxin.consult.directory.SlotCalendar;
import cn.wenxin.infra.error.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Why a time cannot be booked, as a 422 problem with a machine-readable {@code reason}. */
final class Verdicts {

  private Verdicts() {
  }

  static Future<Void> require(SlotCalendar.Verdict v) {
    String detail = switch (v) {
      case OK -> null;
      case PAST -> "That time has passed";
      case TOO_SOON -> "That time is too soon: book at least the expert's minimum notice ahead";
      case TOO_FAR -> "That time is beyond the expert's booking horizon";
      case OUTSIDE_RULES -> "The expert does not work at that time";
      case OFF_GRID -> "That is not the start of one of the expert's slots";
      case DAILY_CAP -> "The expert's day is full";
      case TAKEN -> null;
    };
    if (v == SlotCalendar.Verdict.TAKEN) {
      return Future.failedFuture(taken());
    }
    return detail == null ? Future.succeededFuture() : Future.failedFuture(new ProblemException(422,
        "Unprocessable", detail, new JsonObject().put("reason", v.name().toLowerCase())));
  }

  static ProblemException taken() {
    return new ProblemException(409, "Conflict", "That slot has just been taken",
        new JsonObject().put("reason", "taken"));
  }

  static ProblemException studentBusy() {
    return new ProblemException(409, "Conflict", "You already have a booking at that time",
        new JsonObject().put("reason", "student_busy"));
  }

  static ProblemException dailyCap() {
    return new ProblemException(422, "Unprocessable", "The expert's day is full",
        new JsonObject().put("reason", "daily_cap"));
  }

  static ProblemException upcomingCap(int cap) {
    return new ProblemException(422, "Unprocessable", "You already have " + cap + " upcoming bookings",
        new JsonObject().put("reason", "upcoming_cap"));
  }
}
