package org.bgpipsec.ipsec.sa;

/**
 * Receives SA lifecycle events. Called on the thread that noticed the event (a packet thread or the
 * caller of {@link SecurityAssociationDatabase#checkLifetimes()}), possibly while the SA's lock is
 * held: implementations hand the event off and return quickly.
 */
@FunctionalInterface
public interface SaEventListener {
  void onEvent(SaEvent event);
}
