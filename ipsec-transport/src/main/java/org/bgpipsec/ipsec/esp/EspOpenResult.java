package org.bgpipsec.ipsec.esp;

/** What {@link EspCodec#open} made of one packet whose SA and sequence number are known. */
public sealed interface EspOpenResult {

  /** The ICV verified and the trailer is well formed. */
  record Opened(int nextHeader, byte[] payload) implements EspOpenResult {}

  /** The packet is rejected; nothing of its content may be used. */
  record Failed(DropReason reason) implements EspOpenResult {}
}
