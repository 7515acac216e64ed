package cn.wenxin.consult.directory;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Everyday words point to topics")
class SearchWordsTest {

  @Test
  @DisplayName("焦虑, 抑郁, 考试 and 失眠, and phrasings like 睡不着 and 和妈妈吵架, find their topics")
  void chinese() {
    assertThat(SearchWords.topics("焦虑")).containsExactly("emotions");
    assertThat(SearchWords.topics("抑郁")).containsExactly("emotions");
    assertThat(SearchWords.topics("考试")).containsExactly("academic_stress");
    assertThat(SearchWords.topics("失眠")).containsExactly("sleep");
    assertThat(SearchWords.topics("最近总是睡不着")).containsExactly("sleep");
    assertThat(SearchWords.topics("和妈妈吵架")).containsExactly("parent_child");
    assertThat(SearchWords.topics("考试前很焦虑")).containsExactlyInAnyOrder("academic_stress", "emotions");
  }

  @Test
  @DisplayName("English words match whole words only: exams, can't sleep, bullied; 'bus' finds nothing")
  void english() {
    assertThat(SearchWords.topics("Exams")).containsExactly("academic_stress");
    assertThat(SearchWords.topics("I can't sleep")).containsExactly("sleep");
    assertThat(SearchWords.topics("got bullied at school")).containsExactly("bullying");
    assertThat(SearchWords.topics("fights with my mum")).containsExactly("parent_child");
    assertThat(SearchWords.topics("bus")).isEmpty();
    assertThat(SearchWords.topics("  ")).isEmpty();
  }

  @Test
  @DisplayName("a query is looked for whole and by its parts")
  void terms() {
    assertThat(SearchWords.terms("王老师 焦虑")).containsExactly("王老师 焦虑", "王老师", "焦虑");
  }
}
