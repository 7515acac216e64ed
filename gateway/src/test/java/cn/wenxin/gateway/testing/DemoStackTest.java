package cn.wenxin.gateway.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Base of test classes that share one service with the demo population, started once per class. */
public abstract class DemoStackTest {

  protected static TestStack stack;

  @BeforeAll
  static void startStack() {
    stack = TestStack.withDemo();
  }

  @AfterAll
  static void stopStack() {
    stack.close();
  }
}
