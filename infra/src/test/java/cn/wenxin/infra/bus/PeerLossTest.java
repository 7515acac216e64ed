package cn.wenxin.infra.bus;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Requests in flight when a node leaves the cluster")
class PeerLossTest {

  @Test
  @DisplayName("still unanswered after the grace: refused; answered meanwhile or asked afterwards: left alone")
  void onlyWhatWasInFlightAndStayedUnanswered() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      PeerLoss loss = PeerLoss.of(vertx);
      assertThat(PeerLoss.of(vertx)).isSameAs(loss);
      CountDownLatch lostOne = new CountDownLatch(1);
      AtomicInteger others = new AtomicInteger();
      loss.watch(lostOne::countDown);                      // went to the node that died: never answered
      Runnable answered = loss.watch(others::incrementAndGet);
      long left = System.nanoTime();
      loss.nodeLeft();
      answered.run();                                      // a living node answered within the grace
      loss.watch(others::incrementAndGet);                 // asked after the node left: not its business
      assertThat(lostOne.await(PeerLoss.GRACE.toMillis() + 3_000, TimeUnit.MILLISECONDS)).isTrue();
      assertThat(System.nanoTime() - left).isGreaterThanOrEqualTo(PeerLoss.GRACE.toNanos());
      Thread.sleep(200);
      assertThat(others.get()).isZero();
      assertThat(loss.inFlight()).isEqualTo(1);
    } finally {
      vertx.close().await();
    }
  }
}
