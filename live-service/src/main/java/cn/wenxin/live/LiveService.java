package cn.wenxin.live;

import cn.wenxin.live.lesson.LessonVerticle;
import cn.wenxin.live.stream.StreamVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** The live-class service: the lesson series (courses, progress, credits) and livestreams with live Q&A. */
public final class LiveService {

  private LiveService() {
  }

  public static Future<Void> deploy(Vertx vertx, JsonObject config) {
    // Side by side: neither asks the other anything while it starts (a stream's lesson is checked when scheduled).
    return Future.all(vertx.deployVerticle(new LessonVerticle(), new DeploymentOptions().setConfig(config)),
            vertx.deployVerticle(new StreamVerticle(), new DeploymentOptions().setConfig(config)))
        .mapEmpty();
  }
}
