package cn.wenxin.infra.shared;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** One contract, two backends: the real Redis and the in-process fallback must behave the same. */
abstract class SharedStateContract {

  protected Vertx vertx;
  protected SharedState state;
  private final String run = UUID.randomUUID().toString();

  abstract SharedState create(Vertx vertx);

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    state = create(vertx);
  }

  @AfterEach
  void tearDown() throws Exception {
    await(vertx.close());
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  String key(String name) {
    return name + ":" + run;
  }

  @Test
  @DisplayName("a rate limiter counts hits in a window and starts again after it")
  void rateLimiterWindow() throws Exception {
    String k = key("rl");
    assertThat(await(state.rateLimiter().hit(k, Duration.ofMillis(300)))).isEqualTo(1);
    assertThat(await(state.rateLimiter().hit(k, Duration.ofMillis(300)))).isEqualTo(2);
    Thread.sleep(400);
    assertThat(await(state.rateLimiter().hit(k, Duration.ofMillis(300)))).isEqualTo(1);
  }

  @Test
  @DisplayName("a rate limiter reset forgets the count")
  void rateLimiterReset() throws Exception {
    String k = key("reset");
    await(state.rateLimiter().hit(k, Duration.ofMinutes(1)));
    await(state.rateLimiter().reset(k));
    assertThat(await(state.rateLimiter().hit(k, Duration.ofMinutes(1)))).isEqualTo(1);
  }

  @Test
  @DisplayName("a hold is taken once, read back, and expires by itself")
  void holdTakenOnce() throws Exception {
    String k = key("hold");
    assertThat(await(state.holds().hold(k, "a", Duration.ofMillis(300)))).isTrue();
    assertThat(await(state.holds().hold(k, "b", Duration.ofMillis(300)))).isFalse();
    assertThat(await(state.holds().get(k))).isEqualTo("a");
    assertThat(await(state.holds().remaining(k))).isPositive().isLessThanOrEqualTo(Duration.ofMillis(300));
    Thread.sleep(400);
    assertThat(await(state.holds().get(k))).isNull();
    assertThat(await(state.holds().remaining(k))).isNull();
  }

  @Test
  @DisplayName("of many concurrent takers of one hold exactly one wins")
  void oneWinner() throws Exception {
    String k = key("race");
    List<Future<Boolean>> takers = new java.util.ArrayList<>();
    for (int i = 0; i < 50; i++) {
      takers.add(state.holds().hold(k, "t" + i, Duration.ofSeconds(5)));
    }
    await(Future.all(takers));
    assertThat(takers.stream().filter(Future::result).count()).isEqualTo(1);
  }

  @Test
  @DisplayName("a released hold can be taken again")
  void releaseFrees() throws Exception {
    String k = key("release");
    await(state.holds().hold(k, "a", Duration.ofMinutes(1)));
    await(state.holds().release(k));
    assertThat(await(state.holds().hold(k, "b", Duration.ofMinutes(1)))).isTrue();
  }

  @Test
  @DisplayName("presence follows heartbeats and sign-off")
  void presence() throws Exception {
    String user = key("user");
    assertThat(await(state.presence().isOnline(user))).isFalse();
    await(state.presence().heartbeat(user, Duration.ofSeconds(5)));
    assertThat(await(state.presence().isOnline(user))).isTrue();
    await(state.presence().offline(user));
    assertThat(await(state.presence().isOnline(user))).isFalse();
  }

  @Test
  @DisplayName("a published message reaches a subscriber, and not after it cancels")
  void pubSub() throws Exception {
    String channel = key("chan");
    List<String> got = new CopyOnWriteArrayList<>();
    PubSub.Subscription sub = await(state.pubSub().subscribe(channel, got::add));
    await(state.pubSub().publish(channel, "hello"));
    long deadline = System.currentTimeMillis() + 3000;
    while (got.isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertThat(got).containsExactly("hello");
    await(sub.cancel());
    await(state.pubSub().publish(channel, "after"));
    Thread.sleep(200);
    assertThat(got).containsExactly("hello");
  }

  static final SignInAttempts.Limits LIMITS = new SignInAttempts.Limits(Duration.ofMinutes(5), 5, 12, 20, 10, 100,
      Duration.ofMinutes(5));

  long reserved(String account, String address, int attempts) throws Exception {
    List<Future<Duration>> all = new java.util.ArrayList<>();
    for (int i = 0; i < attempts; i++) {
      all.add(state.signInAttempts().reserve(account, address, LIMITS));
    }
    await(Future.join(all));
    return all.stream().filter(f -> f.result() == null).count();
  }

  @Test
  @DisplayName("forty parallel sign-in attempts at one account from one address reserve exactly the pair's five")
  void parallelAttemptsReserveOnlyTheLimit() throws Exception {
    assertThat(reserved(key("acct"), "10.0.0.1", 40)).isEqualTo(5);
    Duration wait = await(state.signInAttempts().reserve(key("acct"), "10.0.0.1", LIMITS));
    assertThat(wait).isPositive().isLessThanOrEqualTo(LIMITS.window());
  }

  @Test
  @DisplayName("a guesser's exhausted budget leaves the owner at another address untouched")
  void ownerElsewhereStillSignsIn() throws Exception {
    String acct = key("owner");
    reserved(acct, "10.0.0.66", 5);
    assertThat(reserved(acct, "10.0.0.7", 1)).isEqualTo(1);
  }

  @Test
  @DisplayName("over the account budget every further address gets one attempt, not five")
  void accountBudgetSlows() throws Exception {
    String acct = key("hot");
    assertThat(reserved(acct, "10.1.0.1", 5) + reserved(acct, "10.1.0.2", 5) + reserved(acct, "10.1.0.3", 5))
        .as("the account's 12").isEqualTo(12);
    assertThat(reserved(acct, "10.1.0.4", 5)).isEqualTo(1);
    assertThat(reserved(acct, "10.1.0.5", 5)).isEqualTo(1);
  }

  @Test
  @DisplayName("an address out of budget still lets in the accounts that signed in from it before")
  void addressBudgetSparesKnownUsers() throws Exception {
    String school = key("school");
    String pupil = key("pupil");
    assertThat(reserved(pupil, school, 1)).isEqualTo(1);
    await(state.signInAttempts().succeeded(pupil, school, LIMITS));
    long guesses = 0;
    for (int i = 0; i < 20; i++) {
      guesses += reserved(key("victim" + i), school, 5);
    }
    assertThat(guesses).as("20 base + 10 for one known user").isEqualTo(30);
    assertThat(reserved(key("stranger"), school, 1)).isZero();
    assertThat(reserved(pupil, school, 1)).isEqualTo(1);
  }

  @Test
  @DisplayName("a right password gives the pair its budget back")
  void successResetsThePair() throws Exception {
    String acct = key("typo");
    reserved(acct, "10.2.0.1", 4);
    await(state.signInAttempts().succeeded(acct, "10.2.0.1", LIMITS));
    assertThat(reserved(acct, "10.2.0.1", 10)).isEqualTo(5);
  }

  @Test
  @DisplayName("a roster's entries expire unless touched, a join keeps the first value and its cap, a take is once")
  void rosters() throws Exception {
    Rosters r = state.rosters();
    String g = key("room");
    await(r.put(g, java.util.Map.of("c1", "u1", "c2", "u2"), Duration.ofMillis(300)));
    await(r.touch(g, List.of("c1", "gone"), Duration.ofSeconds(5)));
    Thread.sleep(450);
    assertThat(await(r.live(g))).isEqualTo(java.util.Map.of("c1", "u1"));
    assertThat(await(r.join(g, "c1", "other", Duration.ofSeconds(5), 2))).isTrue();
    assertThat(await(r.join(g, "c3", "u3", Duration.ofSeconds(5), 2))).isTrue();
    assertThat(await(r.join(g, "c4", "u4", Duration.ofSeconds(5), 2))).isFalse();
    assertThat(await(r.live(g))).isEqualTo(java.util.Map.of("c1", "u1", "c3", "u3"));
    await(r.put(g, java.util.Map.of("c5", "u3"), Duration.ofSeconds(5)));
    assertThat(await(r.countValue(g, "u3"))).isEqualTo(2);
    assertThat(await(r.countValue(g, "u9"))).isZero();
    List<String> taken = new CopyOnWriteArrayList<>();
    await(Future.all(r.take(g, "c1").onSuccess(taken::add), r.take(g, "c1").onSuccess(taken::add)));
    assertThat(taken).containsExactlyInAnyOrder("u1", null);
    assertThat(await(r.count(key("t"), "heart", 2, Duration.ofMinutes(1)))).isEqualTo(2);
    assertThat(await(r.count(key("t"), "clap", 1, Duration.ofMinutes(1)))).isEqualTo(1);
    assertThat(await(r.tally(key("t")))).isEqualTo(java.util.Map.of("heart", 2L, "clap", 1L));
  }

  @Test
  @DisplayName("the ended sign-ins log answers what was added after a cursor, in pages, oldest first")
  void signInEndsReadOn() throws Exception {
    SignInEnds ends = state.signInEnds();
    await(ends.add(key("first"), Duration.ofMinutes(1)));
    SignInEnds.Page all = await(ends.after(null, 100_000));
    assertThat(all.ended()).extracting(SignInEnds.Ended::sessionId).contains(key("first"));
    String cursor = all.cursor();
    assertThat(await(ends.after(cursor, 10)).ended()).isEmpty();
    await(ends.add(key("second"), Duration.ofMinutes(1)));
    await(ends.add(key("third"), Duration.ofMinutes(1)));
    SignInEnds.Page one = await(ends.after(cursor, 1));
    assertThat(one.ended()).extracting(SignInEnds.Ended::sessionId).containsExactly(key("second"));
    assertThat(one.ended().get(0).refuseUntilMillis()).isGreaterThan(System.currentTimeMillis() + 50_000);
    assertThat(await(ends.after(one.cursor(), 10)).ended()).extracting(SignInEnds.Ended::sessionId)
        .containsExactly(key("third"));
  }
}
