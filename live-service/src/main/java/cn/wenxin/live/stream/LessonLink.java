package cn.wenxin.live.stream;

import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceClient;
import cn.wenxin.infra.bus.ServiceRequest;
import cn.wenxin.infra.error.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Whether a livestream may count toward a lesson: the lesson exists (asked of the lesson package) and the stream's
 * audience can attend it, "all" or the lesson's own series. A parents-only stream linked to a student lesson would
 * never feed anyone's progress, so it is refused when scheduled, not discovered at the end.
 */
final class LessonLink {

  private final ServiceClient bus;

  LessonLink(ServiceClient bus) {
    this.bus = bus;
  }

  /** Succeeds for no lesson or one that fits; otherwise 422 {@code lesson_not_found} or {@code lesson_audience}. */
  Future<Void> check(String lessonId, String audience) {
    if (lessonId == null) {
      return Future.succeededFuture();
    }
    return bus.<JsonObject>ask(Addresses.LESSONS, "lessonBrief", ServiceRequest.of(null, new JsonObject(),
            new JsonObject().put("lessonId", lessonId)))
        .compose(l -> {
          if (l.isEmpty()) {
            return Future.failedFuture(ProblemException.unprocessable("No such lesson").withCode("lesson_not_found"));
          }
          String series = l.getString("series");
          return "all".equals(audience) || series.equals(audience) ? Future.succeededFuture()
              : Future.failedFuture(ProblemException.unprocessable("A " + series + " lesson needs a stream for "
                  + series + "s or for all").withCode("lesson_audience"));
        });
  }
}
