package cn.wenxin.live.stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a livestream holds back from public view, and what it lets through. */
class PersonalInfoTest {

  @Test
  void phoneNumbersIdNumbersAndANameWithASchoolAreFound() {
    assertThat(PersonalInfo.find("我的电话是 138 1234 5678")).containsExactly("phone");
    assertThat(PersonalInfo.find("打0571-87654321找我")).containsExactly("phone");
    assertThat(PersonalInfo.find("身份证 33010620120304123X")).containsExactly("id_number");
    assertThat(PersonalInfo.find("我叫李小红，在实验小学读书")).containsExactly("name_school");
    assertThat(PersonalInfo.find("我是三(2)班的，学校是第二中学，3班张伟欺负我")).contains("name_school");
  }

  @Test
  void ordinaryQuestionsPass() {
    assertThat(PersonalInfo.find("考试前总是睡不着怎么办？")).isEmpty();
    assertThat(PersonalInfo.find("初中的孩子不愿意和我说话，怎么办？")).isEmpty();
    assertThat(PersonalInfo.find("每天学习 12 个小时正常吗")).isEmpty();
    assertThat(PersonalInfo.find("小学生每天玩手机 2 小时多吗")).isEmpty();
  }
}
