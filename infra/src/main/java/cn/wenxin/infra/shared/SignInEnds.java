package cn.wenxin.infra.shared;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.List;

/**
 * The ended sign-ins whose access tokens may still be alive, as a log every node reads on from where it stopped: a
 * node keeps its own copy (the gateway's EndedSignIns) and asks only for what was added since. Entries leave the log
 * once their tokens have surely expired. Written by the account service; MongoDB keeps what it could not write yet.
 */
public interface SignInEnds {

  /** One ended sign-in: its session id ({@code sid}) and until when its tokens must be refused (epoch ms). */
  record Ended(String sessionId, long refuseUntilMillis) {
  }

  /** What was added after a cursor, oldest first, and the cursor to read on from. */
  record Page(List<Ended> ended, String cursor) {
  }

  /** Adds an ended sign-in whose tokens are refused for {@code refuseFor} from now. */
  Future<Void> add(String sessionId, Duration refuseFor);

  /** At most {@code max} entries added after {@code cursor}; a null cursor reads from the oldest still kept. */
  Future<Page> after(String cursor, int max);
}
