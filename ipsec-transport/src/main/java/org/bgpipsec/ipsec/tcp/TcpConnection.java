package org.bgpipsec.ipsec.tcp;

import java.net.Inet6Address;
import java.util.List;

/**
 * One TCP connection: the transmission control block and the state machine of RFC 9293 section
 * 3.10, driven by {@link #handle(TcpEvent)} on the stack's thread. Sending keeps every byte from
 * SND.UNA in a {@link ByteRing} (retransmission comes from there); receiving keeps in-order data
 * for the user and out-of-order data in a {@link ReassemblyBuffer}.
 *
 * <p>Sequence variables are {@code int}s compared with {@link Seq}. SND.MAX is the highest sequence
 * number sent: after a timeout SND.NXT goes back to SND.UNA (go-back-N) while ACKs up to SND.MAX
 * stay acceptable.
 */
public final class TcpConnection {
  /** What a connection needs from the stack that owns it. */
  interface Owner {
    /** Encodes {@code segment} inside this connection's IP header and sends it. */
    void send(TcpConnection connection, TcpSegment segment);

    /** The handshake completed (a passive connection joins its listener's accept queue). */
    void established(TcpConnection connection);

    /** The connection reached CLOSED: forget it. */
    void released(TcpConnection connection);

    /** Where the connection counts retransmissions and the like. */
    TcpStats stats();
  }

  private static final long SECOND = 1_000_000_000L;

  /** How long without data before buffer storage is released. */
  private static final long IDLE_RELEASE_NANOS = SECOND;

  private final TcpConnectionId id;
  private final TcpConfig config;
  private final TimerScheduler scheduler;
  private final Owner owner;
  private final boolean passive;
  private final boolean ipv6;
  private TcpConnectionHandler handler;
  private TcpState state = TcpState.CLOSED;

  // Send side (RFC 9293 section 3.3.1).
  private final int iss;
  private int sndUna;
  private int sndNxt;
  private int sndMax;
  private int sndWnd;
  private int sndWl1;
  private int sndWl2;
  private int maxSndWnd;
  private int sndScale;
  private int rcvScale;
  private int mss;
  private final ByteRing sendBuffer;
  private int bufferSeq;
  private boolean finQueued;
  private boolean closeAfterHandshake;
  private boolean sendBlocked;
  private boolean rttTiming;
  private int rttSeq;
  private long rttStart;
  private long unackedSince;
  private final RtoEstimator rto;
  private NewRenoCongestionControl congestion;

  // Receive side.
  private int irs;
  private int rcvNxt;
  private long rcvOffset;
  private int rcvAdvEdge;
  private final ByteRing receiveBuffer;
  private final ReassemblyBuffer reassembly;
  private boolean peerFinReceived;
  private boolean peerOfferedScale;
  private boolean sackPermitted;
  private long lastOutOfOrderOffset = -1;
  private int segmentsSinceAck;
  private boolean ackPending;

  // RFC 5961 section 7: challenge-ACK throttling.
  private long challengeWindowStart;
  private int challengeAcks;

  private final ConnectionTimer retransmitTimer;
  private final ConnectionTimer delayedAckTimer;
  private final ConnectionTimer lingerTimer;
  private final ConnectionTimer idleTimer;

  // Events for the handler, delivered when the outermost handle() returns.
  private int depth;
  private boolean establishedEvent;
  private boolean readableEvent;
  private boolean peerClosedEvent;
  private boolean writableEvent;
  private TcpCloseReason closeReason;
  private boolean closeDelivered;

  TcpConnection(
      TcpConnectionId id,
      TcpConfig config,
      TimerScheduler scheduler,
      Owner owner,
      int iss,
      boolean passive,
      TcpConnectionHandler handler) {
    this.id = id;
    this.config = config;
    this.scheduler = scheduler;
    this.owner = owner;
    this.iss = iss;
    this.passive = passive;
    this.handler = handler;
    this.ipv6 = id.localAddress() instanceof Inet6Address;
    this.sendBuffer = new ByteRing(config.sendBufferSize());
    this.receiveBuffer = new ByteRing(config.receiveBufferSize());
    this.reassembly = new ReassemblyBuffer(config.maxReassemblySegments());
    this.rto =
        new RtoEstimator(config.initialRtoNanos(), config.minRtoNanos(), config.maxRtoNanos());
    this.mss = config.clampedMss(ipv6);
    this.sndUna = iss;
    this.sndNxt = iss;
    this.sndMax = iss;
    this.bufferSeq = iss + 1;
    this.retransmitTimer =
        new ConnectionTimer(
            scheduler, () -> handle(new TcpEvent.TimerExpired(TcpEvent.Timer.RETRANSMIT)));
    this.delayedAckTimer =
        new ConnectionTimer(
            scheduler, () -> handle(new TcpEvent.TimerExpired(TcpEvent.Timer.DELAYED_ACK)));
    this.lingerTimer =
        new ConnectionTimer(
            scheduler, () -> handle(new TcpEvent.TimerExpired(TcpEvent.Timer.LINGER)));
    this.idleTimer =
        new ConnectionTimer(
            scheduler, () -> handle(new TcpEvent.TimerExpired(TcpEvent.Timer.IDLE)));
  }

  // ---------------------------------------------------------------- the user's interface

  /** The four-tuple. */
  public TcpConnectionId id() {
    return id;
  }

  /** The current state. */
  public TcpState state() {
    return state;
  }

  /** The MSS used for sending: the peer's announced MSS, clamped to our path. */
  public int mss() {
    return mss;
  }

  /** True if this connection was accepted by a listener. */
  public boolean passive() {
    return passive;
  }

  /** Sets who hears about this connection; pending data and FIN are announced at once. */
  public void handler(TcpConnectionHandler newHandler) {
    this.handler = newHandler;
    depth++;
    readableEvent |= receiveBuffer.size() > 0;
    peerClosedEvent |= peerFinReceived;
    depth--;
    deliverEvents();
  }

  /** In-order bytes ready for {@link #read}. */
  public int readableBytes() {
    return receiveBuffer.size();
  }

  /** Free bytes in the send buffer. */
  public int writableBytes() {
    return state.acceptsUserData() && !finQueued && !closeAfterHandshake ? sendBuffer.space() : 0;
  }

  /** True once the peer's FIN arrived (after all its data). */
  public boolean peerClosed() {
    return peerFinReceived;
  }

  /**
   * SEND (RFC 9293 section 3.10.2): queues up to {@code len} bytes and returns how many fit in the
   * send buffer. When fewer fit, {@link TcpConnectionHandler#onWritable} follows later.
   *
   * @throws IllegalStateException if the connection is closing or closed ("connection closing")
   */
  public int write(byte[] src, int off, int len) {
    if (!state.acceptsUserData() || finQueued || closeAfterHandshake) {
      throw new IllegalStateException("connection closing: " + state);
    }
    depth++;
    int n = Math.min(len, sendBuffer.space());
    sendBuffer.write(src, off, n);
    idleTimer.arm(IDLE_RELEASE_NANOS);
    if (sendBuffer.space() == 0) {
      sendBlocked = true;
    }
    flush();
    depth--;
    deliverEvents();
    return n;
  }

  /**
   * RECEIVE (RFC 9293 section 3.10.3): takes up to {@code len} in-order bytes. Opening the window
   * far enough sends a window update (RFC 9293 section 3.8.6.2.2).
   */
  public int read(byte[] dst, int off, int len) {
    depth++;
    int n = receiveBuffer.read(dst, off, len);
    if (n > 0 && state.receivesText() && windowUpdateWorthSending()) {
      ackPending = true;
    }
    flush();
    depth--;
    deliverEvents();
    return n;
  }

  /** CLOSE: send FIN after the queued data. */
  public void close() {
    handle(new TcpEvent.Close());
  }

  /** ABORT: send RST and forget the connection. */
  public void abort() {
    handle(new TcpEvent.Abort());
  }

  // ---------------------------------------------------------------- the state machine

  /** The one entry point of the state machine. */
  void handle(TcpEvent event) {
    depth++;
    try {
      switch (event) {
        case TcpEvent.ActiveOpen open -> activeOpen();
        case TcpEvent.PassiveOpen open -> passiveOpen(open.syn());
        case TcpEvent.SegmentArrived arrived -> segmentArrives(arrived.segment());
        case TcpEvent.Close close -> userClose();
        case TcpEvent.Abort abort -> userAbort();
        case TcpEvent.TimerExpired expired -> timerExpired(expired.timer());
      }
      flush();
    } finally {
      depth--;
    }
    deliverEvents();
  }

  private void activeOpen() {
    if (state != TcpState.CLOSED || closeReason != null) {
      return;
    }
    state = TcpState.SYN_SENT;
    sndNxt = iss + 1;
    sndMax = sndNxt;
    unackedSince = scheduler.nanoTime();
    startRttTiming(iss + 1);
    sendSyn(false);
    retransmitTimer.arm(rto.current());
  }

  private void passiveOpen(TcpSegment syn) {
    irs = syn.sequenceNumber();
    rcvNxt = irs + 1;
    applySynOptions(syn);
    sndWnd = syn.window(); // RFC 7323 section 2.2: the window in a SYN is never scaled
    maxSndWnd = sndWnd;
    sndWl1 = irs;
    state = TcpState.SYN_RECEIVED;
    sndNxt = iss + 1;
    sndMax = sndNxt;
    unackedSince = scheduler.nanoTime();
    startRttTiming(iss + 1);
    sendSyn(true);
    retransmitTimer.arm(rto.current());
  }

  private void segmentArrives(TcpSegment seg) {
    switch (state) {
      case CLOSED -> {}
      case SYN_SENT -> synSentArrives(seg);
      default -> synchronizedArrives(seg);
    }
  }

  /** RFC 9293 section 3.10.7.3: SYN-SENT. */
  private void synSentArrives(TcpSegment seg) {
    int ack = seg.acknowledgmentNumber();
    boolean hasAck = seg.has(TcpFlag.ACK);
    // first: an ACK outside ISS < SEG.ACK =< SND.NXT is unacceptable.
    if (hasAck && (Seq.le(ack, iss) || Seq.gt(ack, sndNxt))) {
      if (!seg.has(TcpFlag.RST)) {
        sendReset(ack);
      }
      return;
    }
    // second: RST with an acceptable ACK means refused; without ACK it is dropped.
    if (seg.has(TcpFlag.RST)) {
      if (hasAck) {
        terminate(TcpCloseReason.REFUSED);
      }
      return;
    }
    // fourth: SYN.
    if (!seg.has(TcpFlag.SYN)) {
      return;
    }
    irs = seg.sequenceNumber();
    rcvNxt = irs + 1;
    applySynOptions(seg);
    sndWnd = seg.window();
    maxSndWnd = sndWnd;
    sndWl1 = irs;
    sndWl2 = ack;
    if (hasAck) {
      sndUna = ack;
      takeRttSample(ack);
      rto.resetBackoff();
      retransmitTimer.disarm();
      state = TcpState.ESTABLISHED;
      ackPending = true;
      becameEstablished();
    } else {
      // Simultaneous open (RFC 9293 section 3.5, figure 7): SYN-RECEIVED, send SYN,ACK.
      state = TcpState.SYN_RECEIVED;
      rttTiming = false;
      sendSyn(true);
    }
  }

  /** RFC 9293 section 3.10.7.4: every state from SYN-RECEIVED on. */
  private void synchronizedArrives(TcpSegment original) {
    TcpSegment seg = original;
    if (state == TcpState.SYN_RECEIVED
        && seg.has(TcpFlag.SYN)
        && !seg.has(TcpFlag.RST)
        && seg.sequenceNumber() == irs) {
      if (!seg.has(TcpFlag.ACK)) {
        sendSyn(true); // the peer retransmitted its SYN: our SYN,ACK was lost
        return;
      }
      // Simultaneous open (RFC 9293 figure 7): the peer's SYN,ACK repeats its SYN, which we
      // already hold; its ACK completes our side, and we acknowledge once more.
      seg = withoutSyn(seg);
      ackPending = true;
    }
    int seq = seg.sequenceNumber();
    int rcvWnd = receiveBuffer.space();
    // first: check sequence number (RFC 9293 section 3.10.7.4, the four cases).
    if (!acceptable(seq, seg.sequenceLength(), rcvWnd)) {
      if (seg.has(TcpFlag.RST)) {
        return;
      }
      if (state == TcpState.TIME_WAIT && seg.has(TcpFlag.FIN)) {
        lingerTimer.arm(2 * config.mslNanos()); // a retransmitted FIN restarts 2 MSL
      }
      // With a zero window, ACKs must still be processed ("special allowance").
      if (rcvWnd == 0 && seq == rcvNxt && seg.has(TcpFlag.ACK) && !seg.has(TcpFlag.SYN)) {
        processAck(seg);
      }
      if (state != TcpState.CLOSED) {
        ackPending = true;
      }
      return;
    }
    // second: RST (RFC 5961 section 3.2: only an exact match resets).
    if (seg.has(TcpFlag.RST)) {
      if (seq == rcvNxt) {
        resetArrives();
      } else {
        challengeAck();
      }
      return;
    }
    // fourth: SYN in a synchronized state (RFC 5961 section 4.2): challenge ACK, drop.
    if (seg.has(TcpFlag.SYN)) {
      challengeAck();
      return;
    }
    // fifth: ACK.
    if (!seg.has(TcpFlag.ACK)) {
      return;
    }
    if (state == TcpState.SYN_RECEIVED) {
      int ack = seg.acknowledgmentNumber();
      if (Seq.gt(ack, sndUna) && Seq.le(ack, sndNxt)) {
        state = TcpState.ESTABLISHED;
        becameEstablished();
      } else {
        sendReset(ack);
        return;
      }
    }
    if (!processAck(seg)) {
      return;
    }
    // sixth (URG) is not supported; seventh: text; eighth: FIN.
    if (state.receivesText()) {
      processText(seg);
    }
  }

  private static TcpSegment withoutSyn(TcpSegment s) {
    return new TcpSegment(
        s.sourcePort(),
        s.destinationPort(),
        s.sequenceNumber() + 1,
        s.acknowledgmentNumber(),
        new TcpFlags(s.flags().bits() & ~TcpFlag.SYN.bit()),
        s.window(),
        s.urgentPointer(),
        s.options(),
        s.payload());
  }

  /** RFC 9293 section 3.10.7.4, first: the four acceptability cases. */
  private boolean acceptable(int seq, int len, int rcvWnd) {
    if (len == 0) {
      return rcvWnd == 0 ? seq == rcvNxt : inWindow(seq, rcvWnd);
    }
    return rcvWnd != 0 && (inWindow(seq, rcvWnd) || inWindow(seq + len - 1, rcvWnd));
  }

  private boolean inWindow(int s, int rcvWnd) {
    return Seq.le(rcvNxt, s) && Seq.lt(s, rcvNxt + rcvWnd);
  }

  /**
   * RFC 9293 section 3.10.7.4, fifth, with RFC 5961 section 5.2. Returns false if the segment must
   * not be processed further.
   */
  private boolean processAck(TcpSegment seg) {
    int ack = seg.acknowledgmentNumber();
    if (Seq.gt(ack, sndMax)) {
      ackPending = true; // acknowledges something not yet sent
      return false;
    }
    if (Seq.lt(ack, sndUna - maxSndWnd)) {
      challengeAck(); // RFC 5961 section 5.2: too old to be a duplicate
      return false;
    }
    int window = seg.window() << sndScale;
    if (Seq.gt(ack, sndUna)) {
      newAck(ack);
    } else if (ack == sndUna
        && sndMax != sndUna
        && seg.payload().length == 0
        && !seg.has(TcpFlag.SYN)
        && !seg.has(TcpFlag.FIN)
        && window == sndWnd) {
      // RFC 5681 section 2: a duplicate acknowledgment.
      if (congestion.onDuplicateAck(ack, sndMax, sndMax - sndUna)) {
        owner.stats().fastRetransmits++;
        retransmitFirst();
      }
    }
    int seq = seg.sequenceNumber();
    if (Seq.le(sndUna, ack) && (Seq.lt(sndWl1, seq) || (sndWl1 == seq && Seq.le(sndWl2, ack)))) {
      sndWnd = window;
      sndWl1 = seq;
      sndWl2 = ack;
      maxSndWnd = Math.max(maxSndWnd, sndWnd);
    }
    boolean finAcked = finQueued && Seq.gt(sndUna, bufferSeq + sendBuffer.size());
    if (finAcked) {
      switch (state) {
        case FIN_WAIT_1 -> {
          state = TcpState.FIN_WAIT_2;
          lingerTimer.arm(config.finWait2TimeoutNanos());
        }
        case CLOSING -> enterTimeWait();
        case LAST_ACK -> {
          terminate(TcpCloseReason.NORMAL);
          return false;
        }
        default -> {}
      }
    }
    return true;
  }

  private void newAck(int ack) {
    boolean synWasUnacked = sndUna == iss;
    int acked = ack - sndUna - (synWasUnacked ? 1 : 0);
    int dataEnd = bufferSeq + sendBuffer.size();
    int dataAckedTo = Seq.lt(ack, dataEnd) ? ack : dataEnd;
    if (Seq.gt(dataAckedTo, bufferSeq)) {
      sendBuffer.discard(dataAckedTo - bufferSeq);
      bufferSeq = dataAckedTo;
    }
    sndUna = ack;
    if (Seq.lt(sndNxt, sndUna)) {
      sndNxt = sndUna;
    }
    takeRttSample(ack);
    rto.resetBackoff();
    unackedSince = scheduler.nanoTime();
    if (congestion.onNewAck(ack, acked, sndMax - sndUna)) {
      owner.stats().fastRetransmits++;
      retransmitFirst(); // RFC 6582: a partial ACK in fast recovery
    }
    // RFC 6298 section 5.2 and 5.3.
    if (sndUna == sndMax) {
      retransmitTimer.disarm();
    } else {
      retransmitTimer.arm(rto.current());
    }
    if (sendBlocked && sendBuffer.space() > 0) {
      sendBlocked = false;
      writableEvent = true;
    }
  }

  /** RFC 9293 section 3.10.7.4, seventh and eighth: text and FIN. */
  private void processText(TcpSegment seg) {
    byte[] data = seg.payload();
    int off = 0;
    int len = data.length;
    int seq = seg.sequenceNumber();
    boolean fin = seg.has(TcpFlag.FIN);
    if (Seq.lt(seq, rcvNxt)) {
      int old = rcvNxt - seq;
      if (old > len) {
        fin = false;
      }
      int cut = Math.min(old, len);
      off += cut;
      len -= cut;
      seq = rcvNxt;
    }
    int right = rcvNxt + receiveBuffer.space();
    if (Seq.gt(seq + len, right)) {
      len = Math.max(0, right - seq);
      fin = false;
    }
    if (len == 0 && !fin) {
      return;
    }
    if (state == TcpState.FIN_WAIT_2) {
      lingerTimer.arm(config.finWait2TimeoutNanos()); // a half-closed peer still sending is alive
    }
    if (seq != rcvNxt) {
      // Out of order: hold it and send an immediate duplicate ACK (RFC 5681 section 4.2).
      lastOutOfOrderOffset = rcvOffset + (seq - rcvNxt);
      reassembly.add(lastOutOfOrderOffset, data, off, len, fin);
      owner.stats().outOfOrderSegments++;
      ackPending = true;
      return;
    }
    boolean gapBefore = !reassembly.isEmpty();
    if (len > 0) {
      deliverInOrder(data, off, len);
    }
    if (gapBefore) {
      reassembly.drain(rcvOffset, this::deliverInOrder);
    }
    if (fin || reassembly.finAt(rcvOffset)) {
      finArrives();
    } else if (gapBefore) {
      // RFC 5681 section 4.2: a segment that fills all or part of a gap is ACKed at once.
      ackPending = true;
    } else if (++segmentsSinceAck >= 2) {
      ackPending = true; // RFC 9293 section 3.8.6.3: at least every second full segment
    } else if (!delayedAckTimer.armed()) {
      delayedAckTimer.arm(config.delayedAckNanos());
    }
  }

  private void deliverInOrder(byte[] data, int off, int len) {
    int n = Math.min(len, receiveBuffer.space());
    receiveBuffer.write(data, off, n);
    rcvNxt += n;
    rcvOffset += n;
    if (n > 0) {
      readableEvent = true;
      idleTimer.arm(IDLE_RELEASE_NANOS);
    }
  }

  private void finArrives() {
    rcvNxt += 1;
    peerFinReceived = true;
    peerClosedEvent = true;
    ackPending = true;
    reassembly.clear();
    switch (state) {
      case ESTABLISHED -> state = TcpState.CLOSE_WAIT;
      case FIN_WAIT_1 -> state = TcpState.CLOSING;
      case FIN_WAIT_2 -> enterTimeWait();
      default -> {}
    }
  }

  /** RFC 9293 section 3.10.7.4, second, for an RST that matched RCV.NXT exactly. */
  private void resetArrives() {
    switch (state) {
      case SYN_RECEIVED -> terminate(passive ? TcpCloseReason.RESET : TcpCloseReason.REFUSED);
      case CLOSING, LAST_ACK, TIME_WAIT -> terminate(TcpCloseReason.NORMAL);
      default -> terminate(TcpCloseReason.RESET);
    }
  }

  private void userClose() {
    switch (state) {
      case SYN_SENT -> terminate(TcpCloseReason.NORMAL);
      case SYN_RECEIVED -> closeAfterHandshake = true;
      case ESTABLISHED -> {
        finQueued = true;
        state = TcpState.FIN_WAIT_1;
      }
      case CLOSE_WAIT -> {
        finQueued = true;
        state = TcpState.LAST_ACK;
      }
      default -> {}
    }
  }

  private void userAbort() {
    switch (state) {
      case SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT -> {
        sendReset(sndNxt);
        terminate(TcpCloseReason.ABORTED);
      }
      case CLOSED -> {}
      default -> terminate(TcpCloseReason.ABORTED);
    }
  }

  private void timerExpired(TcpEvent.Timer timer) {
    switch (timer) {
      case RETRANSMIT -> retransmitTimeout();
      case DELAYED_ACK -> ackPending = true;
      case IDLE -> {
        sendBuffer.releaseIfEmpty();
        receiveBuffer.releaseIfEmpty();
        if (sendBuffer.size() + receiveBuffer.size() > 0) {
          idleTimer.arm(IDLE_RELEASE_NANOS);
        }
      }
      case LINGER -> {
        if (state == TcpState.TIME_WAIT || state == TcpState.FIN_WAIT_2) {
          terminate(state == TcpState.TIME_WAIT ? TcpCloseReason.NORMAL : TcpCloseReason.TIMEOUT);
        }
      }
    }
  }

  /** RFC 6298 section 5.4 to 5.7, the persist timer (RFC 9293 section 3.8.6.1). */
  private void retransmitTimeout() {
    long now = scheduler.nanoTime();
    switch (state) {
      case SYN_SENT, SYN_RECEIVED -> {
        if (now - unackedSince >= config.userTimeoutNanos()) {
          terminate(TcpCloseReason.TIMEOUT);
          return;
        }
        rto.backoff();
        rttTiming = false;
        sendSyn(state == TcpState.SYN_RECEIVED);
        retransmitTimer.arm(rto.current());
      }
      case CLOSED, TIME_WAIT -> {}
      default -> {
        if (sndMax != sndUna) {
          if (now - unackedSince >= config.userTimeoutNanos()) {
            sendReset(sndNxt);
            terminate(TcpCloseReason.TIMEOUT);
            return;
          }
          owner.stats().retransmitTimeouts++;
          congestion.onRetransmitTimeout(sndMax - sndUna, sndMax);
          rto.backoff();
          rttTiming = false;
          sndNxt = sndUna;
          if (sndWnd == 0) {
            retransmitFirst(); // the peer's window closed with data in flight
          }
          output();
          retransmitTimer.arm(rto.current());
        } else if (sndWnd == 0 && sendBuffer.size() > 0) {
          // Zero-window probe: an old sequence number makes the peer answer with its window.
          owner.stats().zeroWindowProbes++;
          transmit(sndUna - 1, 0, false);
          rto.backoff();
          retransmitTimer.arm(rto.current());
        }
      }
    }
  }

  // ---------------------------------------------------------------- sending

  /** Sends what the windows allow, then a pending ACK if no segment carried it. */
  private void flush() {
    if (state == TcpState.CLOSED) {
      return;
    }
    output();
    if (ackPending && state != TcpState.SYN_SENT) {
      // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, where SND.NXT is the highest sequence number sent
      // (SND.MAX here): after a timeout our SND.NXT has gone back for retransmission, and an
      // ACK carrying that older number would fail the peer's acceptability test and be dropped
      // unread; when both sides time out at once, neither would hear the other's ACKs again.
      transmitControl(sndMax, TcpFlags.of(TcpFlag.ACK));
    }
  }

  private boolean outputAllowed() {
    return switch (state) {
      case ESTABLISHED, CLOSE_WAIT, FIN_WAIT_1, CLOSING, LAST_ACK -> true;
      default -> false;
    };
  }

  /** Sends new data (and FIN) as far as min(cwnd, SND.WND) allows; no Nagle. */
  private void output() {
    if (!outputAllowed()) {
      return;
    }
    while (true) {
      if (sndMax == sndUna) {
        unackedSince = scheduler.nanoTime(); // the user timeout counts from the first unacked byte
      }
      int dataEnd = bufferSeq + sendBuffer.size();
      int unsent = dataEnd - sndNxt;
      int flight = sndNxt - sndUna;
      int usable = Math.min(congestion.cwnd() + limitedTransmitAllowance(), sndWnd) - flight;
      if (unsent > 0) {
        if (usable <= 0) {
          break;
        }
        int len = Math.min(Math.min(mss, unsent), usable);
        // RFC 9293 section 3.8.6.2.1: sender-side silly window avoidance.
        if (len < mss && len < unsent && flight > 0 && len < maxSndWnd / 2) {
          break;
        }
        boolean fin = finQueued && len == unsent;
        transmit(sndNxt, len, fin);
        sndNxt += len + (fin ? 1 : 0);
      } else if (unsent == 0 && finQueued) {
        transmit(sndNxt, 0, true);
        sndNxt += 1;
      } else {
        break;
      }
      if (Seq.gt(sndNxt, sndMax)) {
        sndMax = sndNxt;
      }
      if (!retransmitTimer.armed()) {
        retransmitTimer.arm(rto.current()); // RFC 6298 section 5.1
      }
    }
    boolean stalled = sndWnd == 0 && sndNxt == sndUna && sendBuffer.size() > 0;
    if (stalled && !retransmitTimer.armed()) {
      retransmitTimer.arm(rto.current()); // the persist timer
    }
  }

  /**
   * RFC 3042 (Limited Transmit): on the first and second duplicate ACK, up to one further segment
   * each may be sent beyond cwnd, so that a small window still yields three duplicate ACKs; cwnd
   * itself is not changed.
   */
  private int limitedTransmitAllowance() {
    int dup = congestion.duplicateAcks();
    return !congestion.inRecovery() && dup > 0 && dup < NewRenoCongestionControl.DUPACK_THRESHOLD
        ? dup * mss
        : 0;
  }

  /** Retransmits the first unacknowledged segment (fast retransmit, partial ACK, timeout). */
  private void retransmitFirst() {
    int dataEnd = bufferSeq + sendBuffer.size();
    boolean finOutstanding = finQueued && Seq.gt(sndMax, dataEnd);
    rttTiming = false; // Karn's algorithm
    if (Seq.lt(sndUna, dataEnd)) {
      int len = Math.min(mss, dataEnd - sndUna);
      transmit(sndUna, len, finOutstanding && sndUna + len == dataEnd);
    } else if (finOutstanding) {
      transmit(dataEnd, 0, true);
    }
  }

  private void transmit(int seq, int len, boolean fin) {
    byte[] payload = new byte[len];
    if (len > 0) {
      sendBuffer.peek(seq - bufferSeq, payload, 0, len);
    }
    int flags = TcpFlag.ACK.bit();
    if (len > 0 && seq + len == bufferSeq + sendBuffer.size()) {
      flags |= TcpFlag.PSH.bit();
    }
    if (fin) {
      flags |= TcpFlag.FIN.bit();
    }
    if (len > 0 && !rttTiming && seq == sndMax) {
      startRttTiming(seq + len);
    }
    emit(seq, new TcpFlags(flags), List.of(), payload);
  }

  private void transmitControl(int seq, TcpFlags flags) {
    emit(seq, flags, List.of(), new byte[0]);
  }

  private void emit(int seq, TcpFlags flags, List<TcpOption> options, byte[] payload) {
    int window = flags.has(TcpFlag.SYN) ? Math.min(receiveBuffer.space(), 0xffff) : windowField();
    if (flags.has(TcpFlag.SYN)) {
      rcvAdvEdge = rcvNxt + window;
    }
    int ack = flags.has(TcpFlag.ACK) ? rcvNxt : 0;
    if (sackPermitted
        && options.isEmpty()
        && payload.length == 0
        && flags.has(TcpFlag.ACK)
        && !reassembly.isEmpty()) {
      options = List.of(sackBlocks());
    }
    if (flags.has(TcpFlag.ACK)) {
      ackPending = false;
      segmentsSinceAck = 0;
      delayedAckTimer.disarm();
    }
    owner.send(
        this,
        new TcpSegment(
            id.localPort(), id.remotePort(), seq, ack, flags, window, 0, options, payload));
  }

  /**
   * RFC 2018 section 3: up to four SACK blocks on a pure ACK (no timestamps, so four fit), the
   * first one holding the most recently received out-of-order segment.
   */
  private TcpOption.SackBlocks sackBlocks() {
    List<long[]> ranges = reassembly.ranges();
    List<TcpOption.SackBlocks.Block> blocks = new java.util.ArrayList<>(4);
    long[] recent = null;
    for (long[] r : ranges) {
      if (r[0] <= lastOutOfOrderOffset && lastOutOfOrderOffset < r[1]) {
        recent = r;
      }
    }
    if (recent != null) {
      blocks.add(block(recent));
    }
    for (long[] r : ranges) {
      if (r != recent && blocks.size() < 4) {
        blocks.add(block(r));
      }
    }
    return new TcpOption.SackBlocks(blocks);
  }

  private TcpOption.SackBlocks.Block block(long[] range) {
    return new TcpOption.SackBlocks.Block(
        rcvNxt + (int) (range[0] - rcvOffset), rcvNxt + (int) (range[1] - rcvOffset));
  }

  /** Our SYN (active) or SYN,ACK (passive or simultaneous): MSS, window scale, SACK-permitted. */
  private void sendSyn(boolean withAck) {
    List<TcpOption> options = new java.util.ArrayList<>(3);
    options.add(new TcpOption.MaximumSegmentSize(config.clampedMss(ipv6)));
    if (!withAck || peerOfferedScale) {
      options.add(new TcpOption.WindowScale(config.receiveWindowScale()));
    }
    if (!withAck || sackPermitted) {
      options.add(new TcpOption.SackPermitted());
    }
    TcpFlags flags = withAck ? TcpFlags.of(TcpFlag.SYN, TcpFlag.ACK) : TcpFlags.of(TcpFlag.SYN);
    emit(iss, flags, options, new byte[0]);
  }

  private void sendReset(int seq) {
    owner.send(
        this,
        new TcpSegment(
            id.localPort(),
            id.remotePort(),
            seq,
            0,
            TcpFlags.of(TcpFlag.RST),
            0,
            0,
            List.of(),
            new byte[0]));
  }

  /** RFC 5961 section 7: at most a configured number of challenge ACKs per second. */
  private void challengeAck() {
    long now = scheduler.nanoTime();
    if (now - challengeWindowStart >= SECOND) {
      challengeWindowStart = now;
      challengeAcks = 0;
    }
    if (challengeAcks < config.challengeAcksPerSecond()) {
      challengeAcks++;
      owner.stats().challengeAcks++;
      ackPending = true;
    }
  }

  // ---------------------------------------------------------------- windows and options

  /** RFC 9293 section 3.7.1 (MSS) and RFC 7323 section 2.2 (both sides must offer scaling). */
  private void applySynOptions(TcpSegment syn) {
    int peerMss = syn.mss().orElse(ipv6 ? TcpConfig.DEFAULT_MSS_V6 : TcpConfig.DEFAULT_MSS_V4);
    mss = Math.max(1, Math.min(peerMss, config.clampedMss(ipv6)));
    // RFC 2018 section 2: SACK is used only if both SYNs carried SACK-permitted; we always offer.
    sackPermitted = syn.options().contains(new TcpOption.SackPermitted());
    if (syn.windowScale().isPresent()) {
      peerOfferedScale = true;
      // RFC 7323 section 2.3: a shift above 14 is treated as 14.
      sndScale = Math.min(syn.windowScale().get(), 14);
      rcvScale = config.receiveWindowScale();
    } else {
      sndScale = 0;
      rcvScale = 0;
    }
    congestion = new NewRenoCongestionControl(mss, iss);
    rcvAdvEdge = rcvNxt;
  }

  /**
   * The window field of a non-SYN segment, with receiver-side silly window avoidance (RFC 9293
   * section 3.8.6.2.2): the right edge never moves left, and only moves right by at least min(half
   * the buffer, one MSS).
   */
  private int windowField() {
    int space = receiveBuffer.space();
    int current = Math.max(0, rcvAdvEdge - rcvNxt);
    int wnd = space;
    if (space > current && space - current < Math.min(receiveBuffer.capacity() / 2, mss)) {
      wnd = current;
    }
    int field = Math.min(wnd >>> rcvScale, 0xffff);
    int edge = rcvNxt + (field << rcvScale);
    if (Seq.gt(edge, rcvAdvEdge)) {
      rcvAdvEdge = edge;
    }
    return field;
  }

  /**
   * After the user read: a pure window update goes out only once the advertised window has fallen
   * below half the buffer and can grow by at least min(half the buffer, one MSS).
   */
  private boolean windowUpdateWorthSending() {
    int current = Math.max(0, rcvAdvEdge - rcvNxt);
    int half = receiveBuffer.capacity() / 2;
    return current < half && receiveBuffer.space() - current >= Math.min(half, mss);
  }

  private void startRttTiming(int untilSeq) {
    rttTiming = true;
    rttSeq = untilSeq;
    rttStart = scheduler.nanoTime();
  }

  private void takeRttSample(int ack) {
    if (rttTiming && Seq.ge(ack, rttSeq)) {
      rto.sample(scheduler.nanoTime() - rttStart);
      rttTiming = false;
    }
  }

  // ---------------------------------------------------------------- endings

  private void becameEstablished() {
    establishedEvent = true;
    owner.established(this);
    if (closeAfterHandshake) {
      closeAfterHandshake = false;
      userClose();
    }
  }

  private void enterTimeWait() {
    state = TcpState.TIME_WAIT;
    retransmitTimer.cancel();
    lingerTimer.arm(2 * config.mslNanos());
    if (closeReason == null) {
      closeReason = TcpCloseReason.NORMAL;
    }
  }

  private void terminate(TcpCloseReason reason) {
    boolean fromTimeWait = state == TcpState.TIME_WAIT;
    state = TcpState.CLOSED;
    retransmitTimer.cancel();
    delayedAckTimer.cancel();
    lingerTimer.cancel();
    idleTimer.cancel();
    ackPending = false;
    sendBuffer.discard(sendBuffer.size());
    sendBuffer.releaseIfEmpty();
    receiveBuffer.discard(receiveBuffer.size());
    receiveBuffer.releaseIfEmpty();
    reassembly.clear();
    if (closeReason == null && !fromTimeWait) {
      closeReason = reason;
    }
    owner.released(this);
  }

  private void deliverEvents() {
    if (depth != 0) {
      return;
    }
    depth++;
    try {
      while (true) {
        TcpConnectionHandler h = handler;
        if (establishedEvent) {
          establishedEvent = false;
          if (h != null) {
            h.onEstablished(this);
          }
        } else if (readableEvent && h != null && receiveBuffer.size() > 0) {
          readableEvent = false;
          h.onReadable(this);
        } else if (peerClosedEvent && h != null && receiveBuffer.size() == 0) {
          peerClosedEvent = false;
          h.onPeerClosed(this);
        } else if (writableEvent && h != null) {
          writableEvent = false;
          h.onWritable(this);
        } else if (closeReason != null && !closeDelivered && h != null && isFinished()) {
          closeDelivered = true;
          h.onClosed(this, closeReason);
        } else {
          break;
        }
        flush();
      }
    } finally {
      depth--;
    }
  }

  private boolean isFinished() {
    return state == TcpState.CLOSED || state == TcpState.TIME_WAIT;
  }

  // ---------------------------------------------------------------- for tests and metrics

  int congestionWindow() {
    return congestion == null ? 0 : congestion.cwnd();
  }

  long currentRto() {
    return rto.current();
  }

  /** Bytes of buffer storage held right now (for the idle-memory benchmark). */
  int bufferBytesAllocated() {
    return sendBuffer.allocated() + receiveBuffer.allocated();
  }

  @Override
  public String toString() {
    return "TcpConnection["
        + id
        + " "
        + state
        + " snd.una="
        + Integer.toUnsignedString(sndUna)
        + " snd.nxt=+"
        + (sndNxt - sndUna)
        + " snd.max=+"
        + (sndMax - sndUna)
        + " snd.wnd="
        + sndWnd
        + " cwnd="
        + congestionWindow()
        + " queued="
        + sendBuffer.size()
        + " rcv.nxt="
        + Integer.toUnsignedString(rcvNxt)
        + " unread="
        + receiveBuffer.size()
        + " ooo="
        + reassembly.segmentCount()
        + " rto="
        + (retransmitTimer.armed() ? rto.current() / 1_000_000 + "ms" : "off")
        + "]";
  }
}
