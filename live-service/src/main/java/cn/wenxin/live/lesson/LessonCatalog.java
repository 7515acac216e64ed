package cn.wenxin.live.lesson;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** The demo lesson series: a student series and the parent course by grade stage. */
final class LessonCatalog {

  /** The demo replay, served with the web client: a short recorded slide loop that plays in any browser. */
  static final String REPLAY = "/media/lesson-demo.webm";

  private LessonCatalog() {
  }

  /** The two courses: the student series, and the parents' required course (家长必修课) by grade stage. */
  static List<JsonObject> courses() {
    return List.of(
        new JsonObject().put("_id", "course-student").put("series", "student").put("audience", "student")
            .put("title", "温心课堂·学生成长课").put("required", false)
            .put("summary", "情绪、学习、朋友和睡眠：每课二三十分钟，可以看直播也可以看回放。"),
        new JsonObject().put("_id", "course-parent").put("series", "parent").put("audience", "parent")
            .put("title", "家长必修课").put("required", true)
            .put("summary", "按孩子所在年段学习，每完成一课获得学习积分；起始年级（一年级、七年级、十年级）的家长必修。"));
  }

  static List<JsonObject> demo() {
    List<JsonObject> out = new ArrayList<>();
    String[][] student = {
        {"认识我的情绪：情绪温度计", "all", "25", "学会给情绪起名字、打分，找到让自己平静下来的三个小办法。"},
        {"考试前的紧张怎么办", "junior", "30", "呼吸放松、合理安排复习、把担心写下来：考前一周可以马上用的方法。"},
        {"和朋友闹别扭了", "primary_upper", "20", "怎样说出自己的感受，怎样听懂对方，怎样和好。"},
        {"睡个好觉", "senior", "25", "作息、手机和睡眠：高中生的睡眠小课。"},
        {"被欺负了要告诉谁", "primary_lower", "20", "认识校园欺凌，知道可以找谁帮忙，以及怎样保护自己。"}};
    String[][] parent = {
        {"家长必修课 1：听孩子把话说完", "primary_lower", "35", "倾听的四个步骤，少评判、多回应。"},
        {"家长必修课 2：作业、手机与亲子冲突", "primary_upper", "40", "定规则、给选择、守边界：减少家庭作业战争。"},
        {"家长必修课 3：青春期的孩子在想什么", "junior", "45", "青春期的身心变化，以及父母的角色转变。"},
        {"家长必修课 4：识别孩子的心理危机信号", "senior", "45", "哪些变化需要警惕，如何开口，何时求助 96525 / 92355。"}};
    add(out, student, "student");
    add(out, parent, "parent");
    return out;
  }

  private static void add(List<JsonObject> out, String[][] rows, String series) {
    for (int i = 0; i < rows.length; i++) {
      out.add(new JsonObject()
          .put("_id", series + "-" + (i + 1))
          .put("series", series)
          .put("order", i + 1)
          .put("title", rows[i][0])
          .put("gradeStage", rows[i][1])
          .put("durationMinutes", Integer.parseInt(rows[i][2]))
          .put("summary", rows[i][3])
          .put("credits", series.equals("parent") ? 2 : 0)
          .put("courseId", "course-" + series)
          .put("speaker", series.equals("parent") ? "市教育局心理中心 家庭教育讲师" : "温心心理老师")
          .put("materials", new io.vertx.core.json.JsonArray().add(new JsonObject()
              .put("title", "课后小练习").put("text", "把今天学到的一个办法写下来，这一周里试一次。")))
          .put("replayUrl", REPLAY));
    }
  }
}
