package cn.wenxin.consult.risk;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** What the lexicon read in one message: a level (0 none, 1 concern, 2 elevated, 3 imminent) and the terms. */
public record RiskAssessment(int level, List<String> terms) {

  public JsonObject toJson() {
    return new JsonObject().put("level", level).put("terms", new JsonArray(terms));
  }
}
