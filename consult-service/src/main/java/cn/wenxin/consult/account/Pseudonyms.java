package cn.wenxin.consult.account;

import java.security.SecureRandom;

/** Friendly random names for anonymous students, like 蓝色海豚-3817: nothing in them points to a person. */
public final class Pseudonyms {

  private static final String[] COLOURS = {"蓝色", "绿色", "橙色", "紫色", "银色", "金色", "青色", "白色", "粉色", "棕色"};
  private static final String[] ANIMALS = {"海豚", "小鹿", "熊猫", "企鹅", "海豹", "白鸽", "松鼠", "考拉", "鲸鱼", "狐狸",
      "兔子", "燕子"};
  private static final SecureRandom RANDOM = new SecureRandom();

  private Pseudonyms() {
  }

  public static String next() {
    return COLOURS[RANDOM.nextInt(COLOURS.length)] + ANIMALS[RANDOM.nextInt(ANIMALS.length)] + "-"
        + (1000 + RANDOM.nextInt(9000));
  }
}
