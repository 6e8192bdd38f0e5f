package org.bgpipsec.ipsec.tcp;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bgpipsec.ipsec.ip.IpHeader;
import org.bgpipsec.ipsec.ip.Ipv4Header;
import org.bgpipsec.ipsec.ip.Ipv6Header;

/**
 * A user-space TCP endpoint on one {@link IpPacketPath}: demultiplexes arriving packets to
 * connections and listeners, answers segments for no connection with RST (RFC 9293 section
 * 3.10.7.1), opens connections and chooses their ports and initial sequence numbers.
 *
 * <p>Single-threaded: every method, and the path's receiver, runs on the thread that runs the
 * {@link TimerScheduler}'s tasks.
 */
public final class TcpStack {
  private static final int EPHEMERAL_FIRST = 49152;
  private static final int EPHEMERAL_COUNT = 65536 - EPHEMERAL_FIRST;

  private final TcpConfig config;
  private final IpPacketPath path;
  private final TimerScheduler scheduler;
  private final IsnGenerator isn;
  private final Map<TcpConnectionId, TcpConnection> connections = new HashMap<>();
  private final Map<Integer, TcpListener> listeners = new HashMap<>();
  private final Map<TcpConnection, TcpListener> listenerOf = new HashMap<>();
  private final Map<TcpConnection, IpHeader> headers = new HashMap<>();
  private final EnumMap<TcpPacketCodec.Drop, Long> drops = new EnumMap<>(TcpPacketCodec.Drop.class);
  private final TcpConnection.Owner owner = new ConnectionOwner();
  private final TcpStats stats = new TcpStats();
  private int nextEphemeral;
  private long segmentsSent;
  private long segmentsReceived;
  private long resetsSent;
  private long resetsForNoConnection;

  public TcpStack(TcpConfig config, IpPacketPath path, TimerScheduler scheduler, IsnGenerator isn) {
    this.config = config;
    this.path = path;
    this.scheduler = scheduler;
    this.isn = isn;
    this.nextEphemeral = (int) Math.floorMod(scheduler.nanoTime(), EPHEMERAL_COUNT);
    path.receiver(this::receive);
  }

  /** The configuration. */
  public TcpConfig config() {
    return config;
  }

  /** The clock and timers. */
  public TimerScheduler scheduler() {
    return scheduler;
  }

  /**
   * Active OPEN from {@code local} (port 0 picks an ephemeral port) to {@code remote}.
   *
   * @throws IllegalArgumentException if the address families differ or the tuple is in use
   */
  public TcpConnection connect(
      InetSocketAddress local, InetSocketAddress remote, TcpConnectionHandler handler) {
    InetAddress la = local.getAddress();
    InetAddress ra = remote.getAddress();
    if ((la instanceof Inet4Address) != (ra instanceof Inet4Address)) {
      throw new IllegalArgumentException("address families differ: " + la + " " + ra);
    }
    int port = local.getPort() != 0 ? local.getPort() : ephemeralPort(la, ra, remote.getPort());
    TcpConnectionId id = new TcpConnectionId(la, port, ra, remote.getPort());
    if (connections.containsKey(id)) {
      throw new IllegalArgumentException("connection exists: " + id);
    }
    TcpConnection c = newConnection(id, false, handler);
    c.handle(new TcpEvent.ActiveOpen());
    return c;
  }

  /** Passive OPEN on {@code port} for any local address. */
  public TcpListener listen(int port, int backlog, TcpListener.AcceptHandler acceptHandler) {
    if (port <= 0 || port > 0xffff || listeners.containsKey(port)) {
      throw new IllegalArgumentException("port unavailable: " + port);
    }
    TcpListener l = new TcpListener(this, port, backlog, acceptHandler);
    listeners.put(port, l);
    return l;
  }

  /** Connections in any state but CLOSED, TIME-WAIT included. */
  public int connectionCount() {
    return connections.size();
  }

  /** The connections, for inspection. */
  public List<TcpConnection> connections() {
    return List.copyOf(connections.values());
  }

  /** Packets dropped before reaching a connection, by reason. */
  public Map<TcpPacketCodec.Drop, Long> drops() {
    return Map.copyOf(drops);
  }

  /** Retransmission and related counters. */
  public TcpStats stats() {
    return stats;
  }

  public long segmentsSent() {
    return segmentsSent;
  }

  public long segmentsReceived() {
    return segmentsReceived;
  }

  /** RSTs sent by connections (abort, user timeout, an unacceptable ACK in SYN states). */
  public long resetsSent() {
    return resetsSent;
  }

  /**
   * RSTs sent for segments that matched no connection (RFC 9293 section 3.10.7.1), for example a
   * duplicate of the last ACK arriving after the connection closed.
   */
  public long resetsForNoConnection() {
    return resetsForNoConnection;
  }

  /** One IP packet from the path. */
  public void receive(byte[] packet) {
    TcpPacket p;
    try {
      p = TcpPacketCodec.decode(packet);
    } catch (TcpPacketCodec.DecodeException e) {
      drops.merge(e.drop(), 1L, Long::sum);
      return;
    }
    segmentsReceived++;
    TcpSegment s = p.segment();
    TcpConnectionId id =
        new TcpConnectionId(
            p.ip().destination(), s.destinationPort(), p.ip().source(), s.sourcePort());
    TcpConnection c = connections.get(id);
    if (c != null) {
      c.handle(new TcpEvent.SegmentArrived(s));
      return;
    }
    TcpListener l = listeners.get(s.destinationPort());
    if (l != null) {
      listenArrives(l, id, p);
    } else {
      closedArrives(p);
    }
  }

  /** RFC 9293 section 3.10.7.2: LISTEN. */
  private void listenArrives(TcpListener l, TcpConnectionId id, TcpPacket p) {
    TcpSegment s = p.segment();
    if (s.has(TcpFlag.RST)) {
      return;
    }
    if (s.has(TcpFlag.ACK)) {
      reset(p, s.acknowledgmentNumber(), 0, false);
      return;
    }
    if (!s.has(TcpFlag.SYN) || !l.hasRoom()) {
      return; // not a SYN, or the backlog is full: the peer will retransmit
    }
    TcpConnection c = newConnection(id, true, null);
    listenerOf.put(c, l);
    l.synReceived(c);
    c.handle(new TcpEvent.PassiveOpen(s));
  }

  /** RFC 9293 section 3.10.7.1: CLOSED. An RST is never answered. */
  private void closedArrives(TcpPacket p) {
    TcpSegment s = p.segment();
    if (s.has(TcpFlag.RST)) {
      return;
    }
    if (s.has(TcpFlag.ACK)) {
      reset(p, s.acknowledgmentNumber(), 0, false);
    } else {
      reset(p, 0, s.sequenceNumber() + s.sequenceLength(), true);
    }
  }

  private void reset(TcpPacket to, int seq, int ack, boolean withAck) {
    TcpSegment s = to.segment();
    TcpFlags flags = withAck ? TcpFlags.of(TcpFlag.RST, TcpFlag.ACK) : TcpFlags.of(TcpFlag.RST);
    TcpSegment rst =
        new TcpSegment(
            s.destinationPort(), s.sourcePort(), seq, ack, flags, 0, 0, List.of(), new byte[0]);
    resetsForNoConnection++;
    segmentsSent++;
    path.send(TcpPacketCodec.encode(header(to.ip().destination(), to.ip().source()), rst));
  }

  void unlisten(TcpListener l) {
    listeners.remove(l.port(), l);
  }

  private TcpConnection newConnection(
      TcpConnectionId id, boolean passive, TcpConnectionHandler handler) {
    TcpConnection c =
        new TcpConnection(
            id, config, scheduler, owner, isn.initialSequenceNumber(id), passive, handler);
    connections.put(id, c);
    headers.put(c, header(id.localAddress(), id.remoteAddress()));
    return c;
  }

  private static IpHeader header(InetAddress source, InetAddress destination) {
    if (source instanceof Inet4Address s4 && destination instanceof Inet4Address d4) {
      return Ipv4Header.of(s4, d4, IpHeader.PROTOCOL_TCP);
    }
    return Ipv6Header.of((Inet6Address) source, (Inet6Address) destination, IpHeader.PROTOCOL_TCP);
  }

  private int ephemeralPort(InetAddress local, InetAddress remote, int remotePort) {
    for (int i = 0; i < EPHEMERAL_COUNT; i++) {
      int port = EPHEMERAL_FIRST + (nextEphemeral++ % EPHEMERAL_COUNT);
      nextEphemeral %= EPHEMERAL_COUNT;
      if (!listeners.containsKey(port)
          && !connections.containsKey(new TcpConnectionId(local, port, remote, remotePort))) {
        return port;
      }
    }
    throw new IllegalStateException("no ephemeral port free");
  }

  private final class ConnectionOwner implements TcpConnection.Owner {
    @Override
    public void send(TcpConnection connection, TcpSegment segment) {
      segmentsSent++;
      if (segment.has(TcpFlag.RST)) {
        resetsSent++;
      }
      path.send(TcpPacketCodec.encode(headers.get(connection), segment));
    }

    @Override
    public TcpStats stats() {
      return stats;
    }

    @Override
    public void established(TcpConnection connection) {
      TcpListener l = listenerOf.get(connection);
      if (l != null) {
        l.established(connection);
      }
    }

    @Override
    public void released(TcpConnection connection) {
      connections.remove(connection.id(), connection);
      headers.remove(connection);
      TcpListener l = listenerOf.remove(connection);
      if (l != null) {
        l.released(connection);
      }
    }
  }
}
