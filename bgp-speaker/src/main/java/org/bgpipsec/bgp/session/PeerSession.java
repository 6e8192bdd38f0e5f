package org.bgpipsec.bgp.session;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bgpipsec.bgp.fsm.BgpFsm;
import org.bgpipsec.bgp.fsm.CollisionDetection;
import org.bgpipsec.bgp.fsm.FsmAction;
import org.bgpipsec.bgp.fsm.FsmEvent;
import org.bgpipsec.bgp.fsm.FsmState;
import org.bgpipsec.bgp.fsm.FsmTimer;
import org.bgpipsec.bgp.fsm.SessionConfig;
import org.bgpipsec.bgp.wire.BgpDecodeException;
import org.bgpipsec.bgp.wire.BgpMessage;
import org.bgpipsec.bgp.wire.BgpMessageCodec;
import org.bgpipsec.bgp.wire.CodecContext;
import org.bgpipsec.bgp.wire.ErrorCode;
import org.bgpipsec.bgp.wire.ErrorSubcode;
import org.bgpipsec.bgp.wire.Keepalive;
import org.bgpipsec.bgp.wire.Notification;
import org.bgpipsec.bgp.wire.Open;
import org.bgpipsec.bgp.wire.RouteRefresh;
import org.bgpipsec.bgp.wire.UnknownMessage;
import org.bgpipsec.bgp.wire.Update;
import org.bgpipsec.bgp.wire.UpdateErrorPolicy;
import org.bgpipsec.bgp.wire.UpdateVerdict;

/**
 * One configured peer over kernel TCP (plain mode): drives a {@link BgpFsm} with the events of its
 * connection and carries out the FSM's actions on a Netty event loop.
 *
 * <p>All state is confined to one {@link EventLoop}; public methods may be called from any thread.
 *
 * <p>Connection collisions (RFC 4271 section 6.8): a connection the peer opens while ours is in
 * OpenSent or OpenConfirm is held, without an FSM, until the peer's OPEN arrives on it; then {@link
 * CollisionDetection} decides by BGP Identifier which connection survives, and the other is closed
 * with Cease / Connection Collision Resolution. If the new one wins, the FSM is dumped
 * (OpenCollisionDump), restarted on the new connection and handed the OPEN already received. A
 * connection while Established is refused (CollisionDetectEstablishedState is FALSE).
 */
public final class PeerSession {
  private final SessionConfig config;
  private final InetSocketAddress peerAddress;
  private final EventLoop loop;
  private final SessionListener listener;
  private final Duration restartDelay;
  private final BgpFsm fsm;
  private final ArrayDeque<FsmEvent> events = new ArrayDeque<>();
  private final Map<FsmTimer, ScheduledFuture<?>> timers = new EnumMap<>(FsmTimer.class);

  private final BgpTransport transport;
  private boolean handling;
  private boolean stopped = true;
  private final InetSocketAddress localBind;
  private Channel channel;
  private boolean channelInitiatedLocally;
  private BgpFrameDecoder decoder;
  private Channel second;
  private ScheduledFuture<?> secondTimeout;
  private ChannelFuture pendingConnect;
  private CodecContext codec = CodecContext.INITIAL;
  private UpdateErrorPolicy policy;
  private volatile long updatesReceived;
  private volatile long establishedTransitions;
  private int restartsSinceEstablished;
  private ScheduledFuture<?> restartTask;

  /** The longest wait before an automatic restart, however many have failed in a row. */
  static final Duration MAX_RESTART_DELAY = Duration.ofSeconds(120);

  /**
   * @param restartDelay how long to wait in Idle before an automatic restart after an error
   */
  public PeerSession(
      SessionConfig config,
      InetSocketAddress peerAddress,
      EventLoop loop,
      SessionListener listener,
      Duration restartDelay) {
    this(config, peerAddress, null, loop, listener, restartDelay);
  }

  /**
   * @param localBind the local address (and port, or 0) our connections start from, or {@code null}
   *     for the system's choice
   */
  public PeerSession(
      SessionConfig config,
      InetSocketAddress peerAddress,
      InetSocketAddress localBind,
      EventLoop loop,
      SessionListener listener,
      Duration restartDelay) {
    this(config, peerAddress, localBind, loop, listener, restartDelay, BgpTransport.kernel(null));
  }

  /**
   * @param localBind the local address (and port, or 0) our connections start from, or {@code null}
   *     for the transport's choice
   * @param transport where connections we open come from (kernel TCP, or TCP inside ESP)
   */
  public PeerSession(
      SessionConfig config,
      InetSocketAddress peerAddress,
      InetSocketAddress localBind,
      EventLoop loop,
      SessionListener listener,
      Duration restartDelay,
      BgpTransport transport) {
    this.transport = transport;
    this.config = config;
    this.localBind = localBind;
    this.peerAddress = peerAddress;
    this.loop = loop;
    this.listener = listener;
    this.restartDelay = restartDelay;
    this.fsm = new BgpFsm(config);
  }

  public SessionConfig config() {
    return config;
  }

  public InetSocketAddress peerAddress() {
    return peerAddress;
  }

  /** The FSM state; read on the session's event loop for a consistent view. */
  public FsmState state() {
    return fsm.state();
  }

  /**
   * UPDATE messages received on every connection of this session so far (RFC 4273 bgpPeerInUpdates,
   * but not reset when a new connection comes up).
   */
  public long updatesReceived() {
    return updatesReceived;
  }

  /** How often the session has entered Established (RFC 4273 bgpPeerFsmEstablishedTransitions). */
  public long establishedTransitions() {
    return establishedTransitions;
  }

  /** ManualStart (RFC 4271 section 8.1.2, event 1 or 4 when configured passive). */
  public void start() {
    loop.execute(
        () -> {
          stopped = false;
          handle(new FsmEvent.ManualStart(config.passive()));
        });
  }

  /** ManualStop with a Cease NOTIFICATION (e.g. with a shutdown communication, RFC 8203). */
  public void stop(Notification cease) {
    loop.execute(
        () -> {
          stopped = true;
          handle(new FsmEvent.ManualStop(cease));
        });
  }

  /** AutomaticStop (RFC 4271 section 8.1.2, event 8), e.g. for a maximum-prefix Cease. */
  public void automaticStop(Notification cease) {
    loop.execute(() -> handle(new FsmEvent.AutomaticStop(cease)));
  }

  /** Our address on the current connection, or {@code null} without one. */
  public InetSocketAddress localAddress() {
    Channel ch = channel;
    return ch == null ? null : (InetSocketAddress) ch.localAddress();
  }

  /** Sends messages (UPDATEs, ROUTE-REFRESH) when Established; dropped otherwise. */
  public void send(List<? extends BgpMessage> messages) {
    loop.execute(
        () -> {
          if (channel == null || !(fsm.state() instanceof FsmState.Established)) {
            return;
          }
          for (BgpMessage m : messages) {
            write(m, false);
          }
          channel.flush();
        });
  }

  /** A connection the peer opened to us (from {@link BgpListener}). */
  void accepted(Channel accepted) {
    loop.execute(
        () -> {
          if (fsm.state() instanceof FsmState.Idle && !stopped && channel == null) {
            // Idle only until the automatic restart: start now, passively, with this connection
            // (AutomaticStart_with_PassiveTcpEstablishment, event 5, RFC 4271 8.1.1). Refusing it
            // lets two peers whose restart delays are out of phase refuse each other for ever.
            cancelRestart();
            handle(new FsmEvent.AutomaticStart(true));
          }
          FsmState s = fsm.state();
          boolean canTake =
              channel == null && (s instanceof FsmState.Connect || s instanceof FsmState.Active);
          if (canTake) {
            if (pendingConnect != null) {
              pendingConnect.cancel(false);
              pendingConnect = null;
            }
            adopt(accepted, false);
            handle(new FsmEvent.TcpConnectionConfirmed());
            startReading(accepted);
          } else if (second == null
              && channel != null
              && (s instanceof FsmState.OpenSent || s instanceof FsmState.OpenConfirm)) {
            holdSecond(accepted);
          } else {
            refuse(accepted);
          }
        });
  }

  private static void refuse(Channel accepted) {
    // RFC 4486: Cease / Connection Rejected.
    ByteBuf buf = accepted.alloc().buffer();
    BgpMessageCodec.encode(
        Notification.of(ErrorSubcode.CONNECTION_REJECTED), CodecContext.INITIAL, buf);
    accepted.writeAndFlush(buf).addListener(ChannelFutureListener.CLOSE);
  }

  private void adopt(Channel ch, boolean initiatedLocally) {
    channel = ch;
    channelInitiatedLocally = initiatedLocally;
    decoder = new BgpFrameDecoder();
    ch.pipeline().addLast(decoder, new ConnectionHandler(ch));
  }

  /**
   * Reads from an adopted connection once the FSM has handled its connection event. Turning
   * auto-read on can deliver what the peer already sent (its OPEN) at once, on this thread: had it
   * come before the event, the FSM would have seen an OPEN in Active and dropped the connection.
   */
  private static void startReading(Channel ch) {
    if (!ch.config().isAutoRead()) {
      ch.config().setAutoRead(true);
    }
  }

  /** Holds a colliding connection until the peer's OPEN on it tells who the peer is. */
  private void holdSecond(Channel ch) {
    second = ch;
    BgpFrameDecoder secondDecoder = new BgpFrameDecoder();
    ch.pipeline().addLast(secondDecoder, new CollidingConnectionHandler(ch, secondDecoder));
    secondTimeout =
        loop.schedule(
            () -> {
              if (second == ch) {
                second = null;
                ch.close();
              }
            },
            SessionConfig.LARGE_HOLD_TIME.toNanos(),
            TimeUnit.NANOSECONDS);
    ch.config().setAutoRead(true);
  }

  /** RFC 4271 section 6.8, once the OPEN on the colliding connection is known. */
  private void resolveCollision(Channel ch, Open open) {
    second = null;
    secondTimeout.cancel(false);
    FsmState s = fsm.state();
    boolean keepNew;
    if (s instanceof FsmState.Established) {
      keepNew = false;
    } else if (channel == null) {
      keepNew = true; // the first connection is gone meanwhile
    } else {
      CollisionDetection.Initiator existing =
          channelInitiatedLocally
              ? CollisionDetection.Initiator.LOCAL
              : CollisionDetection.Initiator.REMOTE;
      keepNew =
          CollisionDetection.closes(existing, config.localBgpIdentifier(), open.bgpIdentifier());
    }
    if (!keepNew) {
      ByteBuf buf = ch.alloc().buffer();
      BgpMessageCodec.encode(
          Notification.of(ErrorSubcode.CONNECTION_COLLISION_RESOLUTION), CodecContext.INITIAL, buf);
      ch.writeAndFlush(buf).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    if (channel != null) {
      handle(new FsmEvent.OpenCollisionDump());
    }
    if (fsm.state() instanceof FsmState.Idle) {
      handle(new FsmEvent.AutomaticStart(true));
    }
    if (pendingConnect != null) {
      pendingConnect.cancel(false);
      pendingConnect = null;
    }
    adopt(ch, false);
    handle(new FsmEvent.TcpConnectionConfirmed());
    handle(openReceived(ch, open));
    startReading(ch);
  }

  /**
   * The cross-layer check of a received OPEN (issue 6): on a connection inside ESP, the OPEN's AS
   * (My AS, or the 4-octet AS capability, RFC 6793 4.1) must be the AS that IKE authenticated for
   * the SA protecting the connection; otherwise the OPEN is an OPEN Message Error / Bad Peer AS
   * (RFC 4271 6.2). The FSM then checks it against the configuration as usual.
   */
  private FsmEvent openReceived(Channel ch, Open open) {
    if (!(fsm.state() instanceof FsmState.OpenSent)) {
      // Elsewhere an OPEN is the FSM's error for its state (RFC 4271 8.2.2), not a peer-AS check.
      return new FsmEvent.OpenReceived(open);
    }
    Optional<SessionProtection> p =
        transport.protection(
            (InetSocketAddress) ch.localAddress(), (InetSocketAddress) ch.remoteAddress());
    if (p.isPresent() && p.get().as() != open.asNumber()) {
      transport.peerAsRefused((InetSocketAddress) ch.remoteAddress(), open.asNumber(), p.get());
      return new FsmEvent.MessageError(Notification.of(ErrorSubcode.BAD_PEER_AS));
    }
    return new FsmEvent.OpenReceived(open);
  }

  /**
   * Which SA, identity and AS protect the current connection (the memo's section 3.4 question);
   * empty without a connection or outside ESP. A snapshot: the connection may change right after.
   */
  public Optional<SessionProtection> protection() {
    Channel ch = channel;
    if (ch == null || ch.localAddress() == null || ch.remoteAddress() == null) {
      return Optional.empty();
    }
    return transport.protection(
        (InetSocketAddress) ch.localAddress(), (InetSocketAddress) ch.remoteAddress());
  }

  /** Queues an event; events raised while actions run are handled after them, in order. */
  private void handle(FsmEvent event) {
    events.add(event);
    if (handling) {
      return;
    }
    handling = true;
    try {
      FsmEvent next;
      while ((next = events.poll()) != null) {
        FsmState before = fsm.state();
        for (FsmAction action : fsm.handle(next)) {
          execute(action);
        }
        if (!(before instanceof FsmState.Idle)
            && fsm.state() instanceof FsmState.Idle
            && !stopped) {
          cancelRestart(); // only the latest failure's delay counts
          restartTask =
              loop.schedule(
                  () -> {
                    if (!stopped && fsm.state() instanceof FsmState.Idle) {
                      handle(new FsmEvent.AutomaticStart(config.passive()));
                    }
                  },
                  restartDelayMillis(
                      restartDelay,
                      restartsSinceEstablished++,
                      java.util.concurrent.ThreadLocalRandom.current().nextDouble()),
                  TimeUnit.MILLISECONDS);
        }
      }
    } finally {
      handling = false;
    }
  }

  private void cancelRestart() {
    if (restartTask != null) {
      restartTask.cancel(false);
      restartTask = null;
    }
  }

  /**
   * The wait before the {@code attempt}-th automatic restart since the session was last Established
   * (counting from 0): the configured delay doubled per failed attempt, at most {@link
   * #MAX_RESTART_DELAY} (RFC 4271 8.1.1 leaves the damping of peer oscillations to the
   * implementation), times a jitter factor uniform in 0.75 to 1.0 (RFC 4271 section 10), so that
   * two speakers that failed together do not retry in lock step.
   *
   * @param random a number uniform in [0, 1)
   */
  static long restartDelayMillis(Duration base, int attempt, double random) {
    long max = Math.max(base.toMillis(), MAX_RESTART_DELAY.toMillis());
    long delay = base.toMillis() << Math.min(attempt, 16);
    if (delay < 0 || delay > max) {
      delay = max;
    }
    return (long) (delay * (0.75 + 0.25 * random));
  }

  private void execute(FsmAction action) {
    switch (action) {
      case FsmAction.Connect c -> connect();
      case FsmAction.Listen l -> {} // the BgpListener accepts for every configured peer
      case FsmAction.Disconnect d -> disconnect();
      case FsmAction.SendOpen o -> write(o.open(), true);
      case FsmAction.SendKeepalive k -> write(Keepalive.INSTANCE, true);
      case FsmAction.SendNotification n -> write(n.notification(), true);
      case FsmAction.StartTimer t -> startTimer(t.timer(), t.after());
      case FsmAction.StopTimer t -> stopTimer(t.timer());
      case FsmAction.SessionUp up -> {
        codec = up.negotiated().codec();
        decoder.maxLength(codec.maxMessageLength());
        policy = new UpdateErrorPolicy(config.external(), config.peerAs(), codec);
        establishedTransitions++;
        restartsSinceEstablished = 0;
        listener.established(this, up.negotiated());
      }
      case FsmAction.SessionDown down -> {
        codec = CodecContext.INITIAL;
        listener.down(this);
      }
      case FsmAction.ProcessUpdate u -> processUpdate(u.update());
      case FsmAction.ProcessRouteRefresh r -> listener.routeRefresh(this, r.request());
    }
  }

  private void processUpdate(Update update) {
    updatesReceived++;
    UpdateVerdict verdict = policy.judge(update);
    if (verdict instanceof UpdateVerdict.SessionReset reset) {
      handle(new FsmEvent.UpdateError(reset.notification()));
    } else {
      listener.update(this, verdict);
    }
  }

  private void connect() {
    Bootstrap bootstrap =
        transport
            .connector(loop)
            .option(ChannelOption.AUTO_READ, false)
            .handler(new ChannelInboundHandlerAdapter());
    ChannelFuture future =
        localBind == null
            ? bootstrap.connect(peerAddress)
            : bootstrap.connect(peerAddress, localBind);
    pendingConnect = future;
    future.addListener(
        (ChannelFuture f) -> {
          if (pendingConnect != f) {
            f.channel().close();
            return;
          }
          pendingConnect = null;
          if (f.isSuccess()) {
            if (channel != null || !(fsm.state() instanceof FsmState.Connect)) {
              f.channel().close();
              return;
            }
            adopt(f.channel(), true);
            handle(new FsmEvent.TcpConnectionAcked());
            startReading(f.channel());
          } else if (!f.isCancelled()) {
            handle(new FsmEvent.TcpConnectionFails());
          }
        });
  }

  private void disconnect() {
    if (pendingConnect != null) {
      pendingConnect.cancel(false);
      pendingConnect = null;
    }
    if (channel != null) {
      Channel ch = channel;
      channel = null;
      ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private void write(BgpMessage message, boolean flush) {
    if (channel == null) {
      return;
    }
    ByteBuf buf = channel.alloc().buffer();
    BgpMessageCodec.encode(message, message instanceof Open ? CodecContext.INITIAL : codec, buf);
    if (flush) {
      channel.writeAndFlush(buf);
    } else {
      channel.write(buf);
    }
  }

  private void startTimer(FsmTimer timer, Duration after) {
    stopTimer(timer);
    ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
    self[0] =
        loop.schedule(
            () -> {
              if (timers.get(timer) == self[0]) {
                timers.remove(timer);
                handle(new FsmEvent.TimerExpired(timer));
              }
            },
            after.toNanos(),
            TimeUnit.NANOSECONDS);
    timers.put(timer, self[0]);
  }

  private void stopTimer(FsmTimer timer) {
    ScheduledFuture<?> f = timers.remove(timer);
    if (f != null) {
      f.cancel(false);
    }
  }

  /** Turns a received frame into the FSM event it stands for. */
  private FsmEvent event(ByteBuf frame) {
    BgpMessage message;
    try {
      message = BgpMessageCodec.decode(frame, codec);
    } catch (BgpDecodeException e) {
      return e.error().code() == ErrorCode.UPDATE_MESSAGE_ERROR
          ? new FsmEvent.UpdateError(e.toNotification())
          : new FsmEvent.MessageError(e.toNotification());
    }
    return switch (message) {
      case Open o -> openReceived(channel, o);
      case Update u -> new FsmEvent.UpdateReceived(u);
      case Keepalive k -> new FsmEvent.KeepaliveReceived();
      case Notification n -> {
        listener.notificationReceived(this, n);
        yield new FsmEvent.NotificationReceived(n);
      }
      case RouteRefresh r -> new FsmEvent.RouteRefreshReceived(r);
      case UnknownMessage u ->
          // RFC 4271 section 6.1: the data field is the erroneous Type field.
          new FsmEvent.MessageError(
              Notification.of(ErrorSubcode.BAD_MESSAGE_TYPE, new byte[] {(byte) u.type()}));
    };
  }

  /** Receives on a colliding connection until its OPEN; anything else closes it. */
  private final class CollidingConnectionHandler extends ChannelInboundHandlerAdapter {
    private final Channel ch;
    private final BgpFrameDecoder ownDecoder;

    CollidingConnectionHandler(Channel ch, BgpFrameDecoder ownDecoder) {
      this.ch = ch;
      this.ownDecoder = ownDecoder;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      loop.execute(
          () -> {
            try {
              if (second != ch) {
                return;
              }
              BgpMessage message = null;
              if (msg instanceof ByteBuf frame) {
                try {
                  message = BgpMessageCodec.decode(frame, CodecContext.INITIAL);
                } catch (BgpDecodeException e) {
                  message = null;
                }
              }
              if (message instanceof Open open) {
                ch.pipeline().remove(this);
                ch.pipeline().remove(ownDecoder);
                resolveCollision(ch, open);
              } else {
                second = null;
                secondTimeout.cancel(false);
                ch.close();
              }
            } finally {
              ReferenceCountUtil.release(msg);
            }
          });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      loop.execute(
          () -> {
            if (second == ch) {
              second = null;
              secondTimeout.cancel(false);
            }
          });
    }
  }

  /** Receives on one connection; ignores everything once that connection is not current. */
  private final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private final Channel ch;

    ConnectionHandler(Channel ch) {
      this.ch = ch;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (loop.inEventLoop()) {
        receive(msg);
      } else {
        loop.execute(() -> receive(msg));
      }
    }

    private void receive(Object msg) {
      try {
        if (channel != ch) {
          return;
        }
        switch (msg) {
          case ByteBuf frame -> handle(event(frame));
          case BgpDecodeException e -> handle(new FsmEvent.MessageError(e.toNotification()));
          default -> {}
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      loop.execute(
          () -> {
            if (channel == ch) {
              channel = null;
              handle(new FsmEvent.TcpConnectionFails());
            }
          });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
