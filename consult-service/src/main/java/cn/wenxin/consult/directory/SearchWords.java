package cn.wenxin.consult.directory;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The everyday words a student or parent types ("焦虑", "睡不着", "exams", "fights with my mum") mapped onto the
 * directory's topic codes. Chinese is matched as a substring (no word breaks), English word by word.
 */
public final class SearchWords {

  private static final Map<String, List<String>> WORDS = new LinkedHashMap<>();

  static {
    words("academic_stress", "学业压力", "学业", "学习", "考试", "考砸", "成绩", "分数", "作业", "中考", "高考", "月考",
        "期末", "排名", "压力", "厌学", "不想上学", "注意力", "上课走神", "挂科", "补习",
        "study stress", "study", "studies", "exam", "exams", "test", "tests", "grades", "marks", "homework",
        "school work", "stress", "stressed", "pressure", "focus", "concentrate");
    words("emotions", "情绪困扰", "情绪", "焦虑", "紧张", "抑郁", "郁闷", "难过", "伤心", "想哭", "心情",
        "低落", "不开心", "心烦", "烦躁", "害怕", "恐惧", "生气", "发脾气", "崩溃", "自卑", "空虚", "没意思", "惊恐",
        "emotions", "emotion", "anxiety", "anxious", "worried", "worry", "nervous", "depression", "depressed", "sad",
        "down", "upset", "cry", "crying", "angry", "anger", "mood", "panic", "afraid", "scared", "fear");
    words("sleep", "睡眠问题", "睡眠", "失眠", "睡不着", "睡不好", "噩梦", "做梦", "早醒", "熬夜",
        "sleep", "sleeping", "insomnia", "nightmare", "nightmares", "tired", "awake");
    words("relationships", "人际关系", "人际", "朋友", "同学", "孤独", "孤单", "社交", "合群", "没朋友", "恋爱", "早恋",
        "喜欢一个人", "失恋", "friends", "friend", "friendship", "lonely", "loneliness", "classmates",
        "relationship", "relationships", "crush", "breakup", "social", "shy");
    words("parent_child", "亲子关系", "亲子", "父母", "爸爸", "妈妈", "爸妈", "家长", "吵架", "沟通", "叛逆", "管太严",
        "parent and child", "parent", "parents", "mum", "mom", "mother", "dad", "father", "argue", "arguing",
        "fight", "fights", "rebellious");
    words("internet_use", "网络使用", "手机", "游戏", "打游戏", "上网", "网瘾", "短视频", "刷视频", "沉迷",
        "internet use", "internet", "phone", "phones", "games", "gaming", "game", "screen", "screens", "online",
        "addicted", "addiction", "social media");
    words("bullying", "校园欺凌", "欺凌", "欺负", "霸凌", "被打", "孤立", "嘲笑", "起外号", "排挤",
        "bullying", "bullied", "bully", "picked on", "teased", "excluded");
    words("career", "升学与生涯", "升学", "选科", "志愿", "专业", "将来", "未来", "职业", "生涯", "迷茫",
        "study & career choices", "career", "careers", "future", "subjects", "university", "college", "job");
    words("puberty", "青春期成长", "青春期", "身体变化", "发育", "长大", "月经", "性别",
        "growing up", "puberty", "body", "changes", "period", "periods");
    words("family_change", "家庭变故", "离婚", "再婚", "分居", "搬家", "去世", "亲人", "丧亲", "转学", "生病",
        "family changes", "divorce", "divorced", "separated", "moving", "death", "died", "grief", "loss", "stepmother",
        "stepfather");
  }

  private static final Pattern LATIN = Pattern.compile("[a-z]");
  private static final Pattern SEPARATORS = Pattern.compile("[\\s,，。.、;；!！?？'\"“”‘’/]+");

  private SearchWords() {
  }

  private static void words(String topic, String... words) {
    WORDS.put(topic, List.of(words));
  }

  /** The topic codes that what someone typed points to (in vocabulary order). */
  public static Set<String> topics(String query) {
    Set<String> found = new LinkedHashSet<>();
    String q = normalize(query);
    if (q.isEmpty()) {
      return found;
    }
    String padded = " " + SEPARATORS.matcher(q).replaceAll(" ") + " ";
    WORDS.forEach((topic, words) -> {
      for (String w : words) {
        boolean hit = LATIN.matcher(w).find() ? padded.contains(" " + w + " ") : q.contains(w);
        if (hit) {
          found.add(topic);
          break;
        }
      }
    });
    return found;
  }

  /** The pieces of a query to look for in names, titles and bios: the whole, and each part between separators. */
  public static Set<String> terms(String query) {
    Set<String> terms = new LinkedHashSet<>();
    String q = normalize(query);
    if (!q.isEmpty()) {
      terms.add(q);
      for (String part : SEPARATORS.split(q)) {
        if (part.length() >= (LATIN.matcher(part).find() ? 3 : 2)) {
          terms.add(part);
        }
      }
    }
    return terms;
  }

  static String normalize(String query) {
    return query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
  }
}
