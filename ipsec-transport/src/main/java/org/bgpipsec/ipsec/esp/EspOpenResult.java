package org.bgpipsec.ipsec.esp;

/** What {@link EspCodec#open} made of one packet whose SA and sequence number are known. */
public sealed interface EspOpenResult {

  /**
   * The ICV verified and the trailer is well formed; the payload is {@code buffer[offset, offset +
   * length)}: inside the packet that was opened, or (GCM) in the array it was decrypted into.
   */
  record Opened(int nextHeader, byte[] buffer, int offset, int length) implements EspOpenResult {
    public Opened {
      java.util.Objects.checkFromIndexSize(offset, length, buffer.length);
    }

    /** A copy of the payload. */
    public byte[] payload() {
      return java.util.Arrays.copyOfRange(buffer, offset, offset + length);
    }
  }

  /** The packet is rejected; nothing of its content may be used. */
  record Failed(DropReason reason) implements EspOpenResult {}
}
