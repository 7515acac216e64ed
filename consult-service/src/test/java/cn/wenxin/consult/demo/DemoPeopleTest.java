package cn.wenxin.consult.demo;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Demo data a Wenzhou parent would recognise")
class DemoPeopleTest {

  @Test
  @DisplayName("every demo student's school matches the grade stage: primary 1-6, junior high 7-9, senior high 10-12")
  void schoolsMatchGrades() {
    DemoPeople people = new DemoPeople();
    for (int i = 1; i <= 200; i++) {
      JsonObject s = people.student(i, null).getJsonObject("student");
      int grade = s.getInteger("grade");
      String school = s.getString("school");
      String[] stage = grade <= 6 ? DemoPeople.PRIMARY_SCHOOLS : grade <= 9 ? DemoPeople.JUNIOR_SCHOOLS
          : DemoPeople.SENIOR_SCHOOLS;
      assertThat(stage).as("grade %d at %s", grade, school).contains(school);
    }
    assertThat(DemoPeople.PRIMARY_SCHOOLS).allMatch(n -> n.endsWith("小学"));
    assertThat(DemoPeople.SENIOR_SCHOOLS).doesNotContain("温州市实验中学");
  }
}
