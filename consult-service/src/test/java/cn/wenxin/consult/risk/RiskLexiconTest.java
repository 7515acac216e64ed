package cn.wenxin.consult.risk;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RiskLexiconTest {

  private static final RiskLexicon LEXICON = RiskLexicon.standard();

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @DisplayName("Each phrase is graded at its level, negations and benign idioms included")
  @CsvSource(delimiter = '|', textBlock = """
      今天数学考试考得还行                     | 0
      我不想死                                | 0
      我想死                                  | 2
      我真的好想死                            | 2
      我不会自杀的，放心                      | 0
      我绝对不会去自杀                        | 0
      我从来没有想过自杀                      | 0
      我没有计划自杀                          | 0
      我不知道为什么，我想死                  | 2
      我不开心想死                            | 2
      我不是开玩笑，我想自杀                  | 2
      我不想活了                              | 2
      活着没意思，不如死了                    | 2
      我今晚就想自杀                          | 3
      我攒了很多药                            | 3
      我已经写好了遗书                        | 3
      我想割腕                                | 3
      妈妈，想死你了                          | 0
      笑死我了                                | 0
      商场跳楼价大甩卖                        | 0
      最近总是失眠，很焦虑                    | 1
      我不焦虑                                | 0
      我被欺负了，好孤独                      | 1
      同学总是欺负我，我想杀了他              | 2
      I want to die                           | 2
      I don't want to die                     | 0
      I don’t really want to die              | 0
      I would never kill myself               | 0
      I'm not going to kill myself            | 0
      I want to kill myself tonight           | 3
      I have skill himself                    | 0
      Ｉ　ＷＡＮＴ ＴＯ ＤＩＥ                 | 2
      I feel hopeless and worthless           | 1
      I'm killing it in math                  | 0
      """)
  void graded(String phrase, int level) {
    assertThat(LEXICON.assess(phrase).level()).isEqualTo(level);
  }

  @org.junit.jupiter.api.Test
  @DisplayName("The assessment names the matched terms and never the message")
  void namesTerms() {
    RiskAssessment a = LEXICON.assess("我不想死，但是我想自杀");
    assertThat(a.terms()).containsExactly("自杀");
    assertThat(a.toJson().encode()).doesNotContain("但是");
  }
}
