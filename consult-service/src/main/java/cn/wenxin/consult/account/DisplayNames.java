package cn.wenxin.consult.account;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The name a page shows for its signed-in person: the one they chose, else their given name. Never the full legal
 * name, which a shared school computer would show to whoever sits down next.
 */
final class DisplayNames {

  static final int MAX_LENGTH = 20;
  private static final List<String> COMPOUND_SURNAMES = List.of("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟",
      "公孙", "慕容", "令狐", "夏侯", "司徒", "端木", "长孙", "宇文");

  private DisplayNames() {
  }

  static String shown(JsonObject account) {
    String chosen = account.getString("preferredName");
    if (chosen != null && !chosen.isBlank()) {
      return chosen;
    }
    return givenName(account.getString("displayName", ""));
  }

  /** 刘子墨 → 子墨, 欧阳娜娜 → 娜娜, Anna Li → Anna; a one-character given name is kept with its surname. */
  static String givenName(String full) {
    String name = full.strip();
    if (name.contains(" ")) {
      return name.substring(0, name.indexOf(' '));
    }
    for (String s : COMPOUND_SURNAMES) {
      if (name.startsWith(s) && name.length() > s.length() + 1) {
        return name.substring(s.length());
      }
    }
    return name.codePointCount(0, name.length()) >= 3 ? name.substring(name.offsetByCodePoints(0, 1)) : name;
  }
}
