package cn.wenxin.gateway.realtime;

/** Where a livestream room writes one viewer's frames: a socket that may fall behind. */
interface LiveOutlet {

  /** Writes an already-encoded frame, or answers false without writing when the socket is not keeping up. */
  boolean offer(String encoded);

  /** Runs once the socket has written out what it had queued. */
  void whenDrained(Runnable action);
}
