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
    // A talk-now chat of the hotline is open to anonymous students, and to every staff member brought into it.
    boolean hotline = HotlineChats.KIND.equals(session.getString("kind"));
    if (who.id().equals(session.getString("studentId")) && (!who.anonymous() || hotline)) {
      return STUDENT;
    }
    if (who.id().equals(session.getString("expertId"))) {
      return EXPERT;
    }
    if (hotline && session.getJsonArray("staffIds", new io.vertx.core.json.JsonArray()).contains(who.id())) {
      return EXPERT;
    }
    return null;
  }
}
