package cn.wenxin.consult.session;

import cn.wenxin.consult.booking.BookingStore;
import cn.wenxin.consult.demo.DemoSession;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceEndpoint;
import cn.wenxin.infra.bus.ServiceRequest;
import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.metrics.WenxinMetrics;
import cn.wenxin.infra.mongo.Mongo;
import cn.wenxin.infra.security.Role;
import cn.wenxin.infra.shared.ChatLog;
import cn.wenxin.infra.shared.SharedState;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counseling sessions: the HTTP actions of the two people, the chat and signalling frames the gateway forwards
 * ({@code chatSend}, {@code chatBacklog}, {@code chatRelay}), the booking's hook ({@code bookingChanged}), and a
 * periodic sweep that closes what timers missed.
 */
public class SessionVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(SessionVerticle.class);

  private final MessageScreen.Opener screens;
  private long sweepTimer = -1;

  public SessionVerticle() {
    this(MessageScreen.none());
  }

  public SessionVerticle(MessageScreen screen) {
    this(MessageScreen.Opener.of(screen));
  }

  public SessionVerticle(MessageScreen.Opener screens) {
    this.screens = screens;
  }

  @Override
  public Future<?> start() {
    WenxinConfig config = WenxinConfig.from(config());
    MongoClient mongo = Mongo.client(vertx, config);
    SessionStore store = new SessionStore(mongo);
    Future<SharedState> shared = SharedState.of(vertx, config.storage());
    Future<ChatLog> chatLog = ChatLog.of(vertx, config.storage());
    Future<MessageScreen> screen = screens.open(vertx, config);
    return Future.all(shared, chatLog, screen).compose(v -> {
      SessionSeams seams = new SessionSeams(vertx);
      ActiveSessions active = new ActiveSessions();
      SessionLifecycle lifecycle = new SessionLifecycle(vertx, store, chatLog.result(), seams, active);
      ChatDesk chat = new ChatDesk(vertx, store, chatLog.result(), screen.result(), config.sessions(), active);
      SessionActions actions = new SessionActions(store, new BookingStore(mongo), lifecycle, seams, chat,
          config.sessions());
      VideoDesk video = new VideoDesk(chat, config.sessions());
      DemoSession demo = config.demo().enabled() ? new DemoSession(mongo) : null;
      WenxinMetrics metrics = WenxinMetrics.of(vertx, config());
      sweepTimer = vertx.setPeriodic(1000, config.sessions().sweep().toMillis(), t -> lifecycle.sweep()
          .onComplete(x -> metrics.activeSessions(store.countActive()))
          .compose(swept -> demo == null ? Future.succeededFuture() : demo.ensure())
          .onFailure(err -> log.warn("Session sweep failed: {}", err.getMessage())));
      HotlineChats hotline = new HotlineChats(vertx, mongo, store, lifecycle, chat);
      return endpoint(actions, chat, video, metrics, store)
          .on("hotlineOpen", hotline::open)
          .on("hotlineAddStaff", hotline::addStaff)
          .on("hotlineEnd", hotline::end)
          .bind(vertx);
    });
  }

  private static ServiceEndpoint endpoint(SessionActions actions, ChatDesk chat, VideoDesk video,
                                          WenxinMetrics metrics, SessionStore store) {
    return new ServiceEndpoint(Addresses.SESSIONS)
        .on("bookingSession", r -> actions.openByBooking(r.caller(Role.STUDENT, Role.EXPERT), r.requiredParam("id")))
        .on("getSession", r -> actions.get(r.caller(Role.STUDENT, Role.EXPERT), r.requiredParam("id")))
        .on("joinSession", r -> actions.join(r.caller(Role.STUDENT, Role.EXPERT), r.requiredParam("id")))
        .on("admitSession", r -> actions.admit(r.caller(Role.EXPERT), r.requiredParam("id"))
            .onComplete(x -> metrics.activeSessions(store.countActive())))
        .on("endSession", r -> actions.end(r.caller(Role.STUDENT, Role.EXPERT), r.requiredParam("id"))
            .onComplete(x -> metrics.activeSessions(store.countActive())))
        .on("sessionFeedback", r -> actions.feedback(r.caller(Role.STUDENT), r.requiredParam("id"), r.bodyObject()))
        .on("sessionVideo", r -> video.join(r.caller(Role.STUDENT, Role.EXPERT), r.requiredParam("id")))
        .on("chatSend", r -> metrics.chatMessage(chat.send(r.caller(), r.bodyObject())))
        .on("chatBacklog", r -> chat.backlog(r.caller(), r.bodyObject()))
        .on("chatRelay", r -> chat.relay(r.caller(), r.bodyObject()))
        .on("bookingChanged", (ServiceRequest r) -> actions.bookingChanged(r.bodyObject().getString("bookingId")));
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(sweepTimer);
    return Future.succeededFuture();
  }
}
