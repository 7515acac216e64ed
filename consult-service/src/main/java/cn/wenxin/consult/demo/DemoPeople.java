package cn.wenxin.consult.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The demo population, made from a fixed seed so every run has the same people: 100 experts with profiles and
 * weekly availability, 10 hotline staff, 2 admins, 200 students and 100 parents linked to them.
 * Every account gets the same demo password hash (see {@link DemoSeedVerticle}).
 */
final class DemoPeople {

  static final long SEED = 20_221_125L;

  private static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "朱",
      "胡", "郭", "何", "林", "郑", "谢", "叶", "金", "池", "潘", "蔡", "许", "章", "项", "缪", "卢", "余", "苏", "程"};
  private static final String[] FEMALE = {"静怡", "雅琴", "慧敏", "婉婷", "晓燕", "丽娟", "思雨", "佳琪", "梦瑶", "欣怡",
      "雪梅", "文静", "海燕", "瑞雪", "若兰", "心悦", "嘉怡", "诗涵", "雨桐", "可馨"};
  private static final String[] MALE = {"建华", "志强", "文博", "俊杰", "浩然", "子轩", "宇航", "明辉", "国栋", "立新",
      "晓东", "家豪", "天佑", "思远", "一鸣", "嘉树", "沐阳", "承泽", "皓轩", "睿哲"};
  // Children born after 2008 mostly carry these newer given names.
  private static final String[] GIRLS = {"梓涵", "欣怡", "诗涵", "一诺", "语桐", "可欣", "雨萱", "思彤", "若汐", "芷若",
      "沐晴", "安琪", "佳怡", "梦琪", "依诺"};
  private static final String[] BOYS = {"子轩", "浩宇", "梓豪", "宇轩", "俊熙", "一航", "沐辰", "睿泽", "子墨", "皓宇",
      "奕辰", "博文", "嘉懿", "铭远", "泽楷"};
  private static final String[] TITLES = {"国家二级心理咨询师", "中国心理学会注册心理师", "心理治疗师（中级）",
      "学校专职心理教师", "精神科主治医师", "家庭教育指导师", "儿童青少年心理咨询师"};
  private static final String[] QUALIFICATIONS = {"应用心理学硕士", "发展与教育心理学博士", "临床心理学硕士",
      "沙盘游戏治疗师（初级）", "认知行为治疗（CBT）系统培训", "危机干预专项培训", "焦点解决短期治疗培训",
      "家庭治疗系统培训", "心理健康教育 C 证培训师"};
  static final String[] TOPICS = {"academic_stress", "relationships", "parent_child", "emotions", "internet_use",
      "bullying", "career", "puberty", "family_change", "sleep"};
  private static final String[] TOPIC_ZH = {"学业压力", "人际关系", "亲子沟通", "情绪管理", "网络使用", "校园欺凌",
      "生涯规划", "青春期", "家庭变故", "睡眠"};
  private static final String[] BANDS = {"primary_lower", "primary_upper", "junior", "senior"};
  // Schools by stage, so that a grade-3 child goes to a primary school and a grade-11 student to a senior high.
  static final String[] PRIMARY_SCHOOLS = {"温州市瓦市小学", "温州市籀园小学", "瓯海区实验小学", "鹿城区广场路小学"};
  static final String[] JUNIOR_SCHOOLS = {"温州市实验中学", "鹿城区南浦实验中学", "温州市第十二中学", "温州外国语学校"};
  static final String[] SENIOR_SCHOOLS = {"温州中学", "温州市第二中学", "温州市第八高级中学", "龙湾中学"};
  private static final String[] STAFF = {"郑晓红", "林志远", "陈思琪", "叶文涛", "金丽华", "周明杰", "潘雨欣", "胡建国",
      "吴佳慧", "蔡立群"};

  private final Random random = new Random(SEED);

  List<JsonObject> experts() {
    List<JsonObject> out = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      boolean female = random.nextInt(100) < 68;
      String name = pick(SURNAMES) + (female ? pick(FEMALE) : pick(MALE));
      JsonArray specialties = new JsonArray();
      int first = random.nextInt(TOPICS.length);
      int count = 2 + random.nextInt(3);
      List<String> zh = new ArrayList<>();
      for (int k = 0; k < count; k++) {
        int t = (first + k * 3) % TOPICS.length;
        specialties.add(TOPICS[t]);
        zh.add(TOPIC_ZH[t]);
      }
      int lowBand = random.nextInt(BANDS.length);
      int highBand = Math.min(BANDS.length - 1, lowBand + random.nextInt(3));
      JsonArray bands = new JsonArray();
      for (int b = lowBand; b <= highBand; b++) {
        bands.add(BANDS[b]);
      }
      JsonArray languages = new JsonArray().add("zh");
      if (random.nextInt(100) < 40) {
        languages.add("wzh");
      }
      if (random.nextInt(100) < 15) {
        languages.add("en");
      }
      int modeRoll = random.nextInt(100);
      JsonArray modes = modeRoll < 80 ? new JsonArray().add("chat").add("video")
          : modeRoll < 92 ? new JsonArray().add("chat") : new JsonArray().add("video");
      int years = 3 + random.nextInt(20);
      String title = pick(TITLES);
      out.add(new JsonObject()
          .put("_id", String.format("exp-%03d", i))
          .put("name", name)
          .put("gender", female ? "female" : "male")
          .put("title", title)
          .put("qualifications", new JsonArray().add(title).add(pick(QUALIFICATIONS)).add(pick(QUALIFICATIONS)))
          .put("specialties", specialties)
          .put("gradeBands", bands)
          .put("languages", languages)
          .put("modes", modes)
          .put("yearsOfPractice", years)
          .put("bio", name + "，" + title + "，从事儿童青少年心理服务 " + years + " 年，擅长" + String.join("、", zh)
              + "。相信每个孩子都值得被认真倾听，咨询中注重温和、具体、可以马上尝试的小方法。")
          .put("rating", new JsonObject()
              .put("average", Math.round((4.5 + random.nextDouble() * 0.5) * 10) / 10.0)
              .put("count", 5 + random.nextInt(120)))
          .put("active", true));
    }
    return out;
  }

  /** Evenings after school on some weekdays and a weekend half-day, in the city's own zone. */
  JsonObject availability(String expertId) {
    JsonArray weekly = new JsonArray();
    String[][] evenings = {{"17:30", "20:30"}, {"18:00", "21:00"}, {"18:30", "21:30"}, {"19:00", "22:00"}};
    String[] evening = evenings[random.nextInt(evenings.length)];
    for (int day = 1; day <= 5; day++) {
      if (random.nextInt(100) < 70) {
        weekly.add(new JsonObject().put("day", day).put("start", evening[0]).put("end", evening[1]));
      }
    }
    int weekendDay = 6 + random.nextInt(2);
    boolean morning = random.nextBoolean();
    weekly.add(new JsonObject().put("day", weekendDay)
        .put("start", morning ? "09:00" : "14:00").put("end", morning ? "12:00" : "17:00"));
    return new JsonObject()
        .put("_id", expertId)
        .put("timeZone", "Asia/Shanghai")
        .put("slotMinutes", 50)
        .put("bufferMinutes", 10)
        .put("minNoticeMinutes", 120)
        .put("horizonDays", 30)
        .put("dailyCap", 6)
        .put("weekly", weekly)
        .put("exceptions", new JsonArray());
  }

  static String schoolFor(int grade, int i) {
    String[] stage = grade <= 6 ? PRIMARY_SCHOOLS : grade <= 9 ? JUNIOR_SCHOOLS : SENIOR_SCHOOLS;
    return stage[i % stage.length];
  }

  JsonObject student(int i, String parentId) {
    boolean female = random.nextBoolean();
    int grade = i == 1 ? 8 : 1 + (i % 12);
    // Chinese school year: a grade-g pupil turns g+6 during the school year that starts in September.
    LocalDate birth = LocalDate.of(2026 - 6 - grade, 1 + random.nextInt(12), 1 + random.nextInt(28));
    JsonObject s = new JsonObject()
        .put("_id", String.format("stu-%03d", i))
        .put("username", String.format("student%03d", i))
        .put("role", "student")
        .put("displayName", pick(SURNAMES) + (female ? pick(GIRLS) : pick(BOYS)))
        .put("anonymous", false)
        .put("student", new JsonObject()
            .put("school", schoolFor(grade, i))
            .put("grade", grade)
            .put("birthDate", birth.toString())
            .put("gender", female ? "female" : "male"));
    s.put("guardians", parentId == null ? new JsonArray() : new JsonArray().add(parentId));
    return s;
  }

  JsonObject parent(int i, JsonArray children, String surname) {
    return new JsonObject()
        .put("_id", String.format("par-%03d", i))
        .put("username", String.format("parent%03d", i))
        .put("role", "parent")
        .put("displayName", surname + (random.nextBoolean() ? pick(FEMALE) : pick(MALE)))
        .put("anonymous", false)
        .put("children", children);
  }

  JsonObject staff(String id, String username, String role, String name) {
    return new JsonObject().put("_id", id).put("username", username).put("role", role)
        .put("displayName", name).put("anonymous", false);
  }

  static String hotlineName(int i) {
    return STAFF[(i - 1) % STAFF.length];
  }

  private String pick(String[] from) {
    return from[random.nextInt(from.length)];
  }
}
