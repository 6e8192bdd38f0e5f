package org.bgpipsec.ike.message;

import java.util.Objects;

/**
 * Encrypted and Authenticated Fragment payload, SKF (RFC 7383 section 2.5), undecrypted.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Next Payload  |C|  RESERVED   |         Payload Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        Fragment Number        |        Total Fragments        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     Initialization Vector                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                      Encrypted content                        ~
 * +               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |               |             Padding (0-255 octets)            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                               |  Pad Length   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                    Integrity Checksum Data                    ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param firstInnerPayload the first inner payload type: set in fragment 1, zero in the others
 * @param fragmentNumber this fragment's number, from 1
 * @param totalFragments the number of fragments
 * @param body IV, ciphertext and integrity checksum
 */
public record EncryptedFragmentPayload(
    int firstInnerPayload, int fragmentNumber, int totalFragments, Octets body) implements Payload {

  /**
   * RFC 7383 section 2.5: Fragment Number "MUST start with 1"; it cannot exceed Total Fragments.
   * Checked by the codec as INVALID_SYNTAX before this constructor runs.
   */
  public EncryptedFragmentPayload {
    if (firstInnerPayload < 0 || firstInnerPayload > 0xFF) {
      throw new IllegalArgumentException("payload type is one octet");
    }
    if (fragmentNumber < 1 || fragmentNumber > totalFragments || totalFragments > 0xFFFF) {
      throw new IllegalArgumentException("fragment number out of range");
    }
    Objects.requireNonNull(body);
  }

  @Override
  public int typeCode() {
    return PayloadType.ENCRYPTED_FRAGMENT.code();
  }
}
