package org.bgpipsec.perf.load;

/** A flood running beside the legitimate peers of a flood step. */
interface Attack extends AutoCloseable {

  /** Starts sending. */
  void start();

  /** Stops sending (idempotent). */
  void stop() throws InterruptedException;

  /** Requests sent so far (new IKE_SA_INIT requests for both attacks). */
  long sent();

  @Override
  void close() throws Exception;
}
