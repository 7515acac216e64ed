package cn.wenxin.bench.load;

import io.vertx.core.Future;

/** One unit of load: completes true when the answer is the expected one, false when it is a wrong answer. */
@FunctionalInterface
public interface Op {

  Future<Boolean> run();

  /** Failing an op with this ends the phase for its worker: the scenario ran out of fresh work (e.g. free slots). */
  final class Exhausted extends RuntimeException {
    public Exhausted() {
      super("exhausted", null, false, false);
    }
  }

  /** Runs the op, turning a synchronous throw into a failed future. */
  static Future<Boolean> safely(Op op) {
    try {
      return op.run();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
