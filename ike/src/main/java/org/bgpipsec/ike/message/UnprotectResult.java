package org.bgpipsec.ike.message;

import java.util.Objects;

/**
 * What became of a protected IKE message (STYLE item 6; RFC 7296 section 2.21): opened, dropped
 * without an answer, or authentic but invalid and answered with a protected notification.
 */
public sealed interface UnprotectResult
    permits UnprotectResult.Opened,
        UnprotectResult.OpenedFragment,
        UnprotectResult.Dropped,
        UnprotectResult.Invalid {

  /**
   * The message with its encrypted payload replaced by the decrypted inner payloads.
   *
   * @param message the header and the payloads (unencrypted ones first, then the inner ones)
   */
  record Opened(IkeMessage message) implements UnprotectResult {
    /** Checks for null. */
    public Opened {
      Objects.requireNonNull(message);
    }
  }

  /**
   * One authenticated fragment of a message (RFC 7383 section 2.6): reassembly waits for all.
   *
   * @param header the IKE header of the fragment
   * @param fragmentNumber the fragment's number
   * @param totalFragments the number of fragments
   * @param firstInnerPayload the first inner payload type (set only in fragment 1)
   * @param content the decrypted content without padding
   */
  record OpenedFragment(
      IkeHeader header,
      int fragmentNumber,
      int totalFragments,
      int firstInnerPayload,
      Octets content)
      implements UnprotectResult {}

  /**
   * Not authenticated: RFC 7296 2.21.2 and 3.14 - send nothing, change no state.
   *
   * @param reason why
   */
  record Dropped(DropReason reason) implements UnprotectResult {}

  /**
   * Authentic but malformed inside: answer with a protected notification of {@code
   * error.notifyType()} (RFC 7296 section 2.21.2).
   *
   * @param header the IKE header, to address the answer
   * @param error the decoding error
   */
  record Invalid(IkeHeader header, IkeDecodeException error) implements UnprotectResult {}

  /** Why a protected message was dropped. */
  enum DropReason {
    /** The unprotected part does not decode. */
    MALFORMED,
    /** The message carries no SK (or SKF, where allowed) payload. */
    NOT_PROTECTED,
    /** The encrypted payload is too short for IV and checksum, or misaligned. */
    BAD_LENGTH,
    /** The integrity checksum does not verify. */
    INTEGRITY_FAILED
  }
}
