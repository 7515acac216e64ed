package cn.wenxin.live;

import cn.wenxin.live.lesson.LessonVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** The live-class service: the lesson catalogue now; livestreams and Q&A rooms join it in later work. */
public final class LiveService {

  private LiveService() {
  }

  public static Future<Void> deploy(Vertx vertx, JsonObject config) {
    return vertx.deployVerticle(new LessonVerticle(), new DeploymentOptions().setConfig(config)).mapEmpty();
  }
}
