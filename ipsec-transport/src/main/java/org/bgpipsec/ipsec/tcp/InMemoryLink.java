package org.bgpipsec.ipsec.tcp;

/**
 * Two {@link IpPacketPath} ends joined in memory: what one end sends arrives at the other after a
 * fixed latency, through the {@link TimerScheduler} (never re-entrantly). Two stacks in one process
 * talk over it; with a manual clock the whole exchange is deterministic.
 */
public final class InMemoryLink {
  private final TimerScheduler scheduler;
  private final long latencyNanos;
  private final End a = new End();
  private final End b = new End();

  public InMemoryLink(TimerScheduler scheduler, long latencyNanos) {
    this.scheduler = scheduler;
    this.latencyNanos = latencyNanos;
    a.peer = b;
    b.peer = a;
  }

  /** One end. */
  public IpPacketPath a() {
    return a;
  }

  /** The other end. */
  public IpPacketPath b() {
    return b;
  }

  private final class End implements IpPacketPath {
    private End peer;
    private Receiver receiver;

    @Override
    public void send(byte[] packet) {
      End to = peer;
      scheduler.schedule(
          () -> {
            if (to.receiver != null) {
              to.receiver.receive(packet);
            }
          },
          latencyNanos);
    }

    @Override
    public void receiver(Receiver r) {
      this.receiver = r;
    }
  }
}
