package cn.wenxin.consult.session;

import cn.wenxin.infra.security.Principal;
import io.vertx.core.json.JsonObject;

/** Which of the two people of a session someone is; anyone else is nobody to it. */
enum Side {
  STUDENT, EXPERT;

  String wire() {
    return name().toLowerCase();
  }

  Side other() {
    return this == STUDENT ? EXPERT : STUDENT;
  }

  /** The caller's side in this session, or null when they are not one of its two people. */
  static Side of(Principal who, JsonObject session) {
    if (who == null || session == null) {
      return null;
    }
    if (who.id().equals(session.getString("studentId")) && !who.anonymous()) {
      return STUDENT;
    }
    if (who.id().equals(session.getString("expertId"))) {
      return EXPERT;
    }
    return null;
  }
}
