package org.bgpipsec.perf.load;

import java.net.InetSocketAddress;

/** The IKE responder a load run measures: ours (in this JVM or another process) or charon. */
public interface Responder extends AutoCloseable {

  /** Where initiators send IKE (the NAT-traversal port; RFC 7296 2.23 lets them start there). */
  InetSocketAddress address();

  /** CPU time the responder has used so far, in nanoseconds (user + system). */
  long cpuNanos();

  /** Its counters now. */
  ResponderStats stats();

  /** What it is, for the results (e.g. "ours, separate JVM"). */
  String description();

  @Override
  void close();
}
