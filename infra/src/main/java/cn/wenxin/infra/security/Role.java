package cn.wenxin.infra.security;

import java.util.Locale;

public enum Role {
  STUDENT, PARENT, EXPERT, HOTLINE, ADMIN;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role fromWire(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }
}
