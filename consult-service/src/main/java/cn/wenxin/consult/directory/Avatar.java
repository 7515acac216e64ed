package cn.wenxin.consult.directory;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A generated avatar: the name's initials on a calm colour chosen from the id, so the same expert always looks the same. */
public final class Avatar {

  private static final String[] CALM = {
      "#5B8FA8", "#6A9C89", "#8E7CC3", "#C38D9E", "#7FA37A", "#D1A36B", "#6C8EBF", "#9A8C98", "#4F9D9A", "#B5838D"};

  private Avatar() {
  }

  public static String svg(String expertId, String name) {
    String colour = CALM[Math.floorMod(Arrays.hashCode(expertId.getBytes(StandardCharsets.UTF_8)), CALM.length)];
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"128\" height=\"128\" viewBox=\"0 0 128 128\">"
        + "<rect width=\"128\" height=\"128\" rx=\"64\" fill=\"" + colour + "\"/>"
        + "<text x=\"64\" y=\"64\" dy=\"0.35em\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"52\""
        + " fill=\"#FFFFFF\">" + escape(initials(name)) + "</text></svg>";
  }

  /** Chinese names: the family name (the first character); other names: the first letters of the first and last word. */
  static String initials(String name) {
    String n = name == null ? "" : name.trim();
    if (n.isEmpty()) {
      return "?";
    }
    if (Character.UnicodeScript.of(n.codePointAt(0)) == Character.UnicodeScript.HAN) {
      return new String(Character.toChars(n.codePointAt(0)));
    }
    String[] words = n.split("\\s+");
    String first = words[0].substring(0, 1);
    return (words.length > 1 ? first + words[words.length - 1].charAt(0) : first).toUpperCase();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
