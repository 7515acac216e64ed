package cn.wenxin.live.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Personal information that must not be shown to a whole room: phone numbers, ID-card numbers, and a name given
 * together with a school. A question that carries any is held back from public view (the host sees it flagged).
 */
final class PersonalInfo {

  private static final Pattern MOBILE = Pattern.compile("(?<!\\d)1[3-9]\\d[ -]?\\d{4}[ -]?\\d{4}(?!\\d)");
  private static final Pattern LANDLINE = Pattern.compile("(?<!\\d)0\\d{2,3}-\\d{7,8}(?!\\d)");
  private static final Pattern ID_NUMBER = Pattern.compile("(?<![0-9A-Za-z])(\\d{17}[\\dXx]|\\d{15})(?![0-9A-Za-z])");
  private static final Pattern SCHOOL = Pattern.compile("[\\u4e00-\\u9fa5A-Za-z0-9]{1,12}(小学|中学|初中|高中|学校|一中|二中|三中|实验|附中)");
  private static final Pattern NAME_CUE = Pattern.compile(
      "(我叫|我是|名字是|名字叫|叫做|姓名)[\\u4e00-\\u9fa5]{2,4}|\\d{1,2}班|[\\u4e00-\\u9fa5]{2,4}(同学|老师)");

  private PersonalInfo() {
  }

  /** The kinds found ({@code phone}, {@code id_number}, {@code name_school}); empty when none. */
  static List<String> find(String text) {
    List<String> kinds = new ArrayList<>();
    String compact = text.replace('\u3000', ' ');
    if (MOBILE.matcher(compact).find() || LANDLINE.matcher(compact).find()) {
      kinds.add("phone");
    }
    if (ID_NUMBER.matcher(compact).find()) {
      kinds.add("id_number");
    }
    if (SCHOOL.matcher(compact).find() && NAME_CUE.matcher(compact).find()) {
      kinds.add("name_school");
    }
    return kinds;
  }
}
