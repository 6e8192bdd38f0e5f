package org.bgpipsec.ike.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The AUTH payload data for "Shared Key Message Integrity Code" (RFC 7296 section 2.15):
 *
 * <pre>
 * AUTH = prf( prf(Shared Secret, "Key Pad for IKEv2"), &lt;SignedOctets&gt;)
 *
 * InitiatorSignedOctets = RealMessage1 | NonceRData | MACedIDForI
 *                         MACedIDForI = prf(SK_pi, RestOfInitIDPayload)
 * ResponderSignedOctets = RealMessage2 | NonceIData | MACedIDForR
 *                         MACedIDForR = prf(SK_pr, RestOfRespIDPayload)
 * </pre>
 *
 * The key pad is the 17 ASCII characters without a terminating NUL.
 */
public final class SharedKeyAuthentication {
  private static final byte[] KEY_PAD = "Key Pad for IKEv2".getBytes(StandardCharsets.US_ASCII);

  private SharedKeyAuthentication() {}

  /**
   * The AUTH data a party sends.
   *
   * @param prf the IKE SA's PRF
   * @param sharedSecret the pre-shared key
   * @param realMessage this party's IKE_SA_INIT message, exactly as sent (RealMessage1 or 2)
   * @param peerNonce the other party's Nonce Data
   * @param skP this party's SK_pi (initiator) or SK_pr (responder)
   * @param restOfIdPayload this party's ID payload body ({@code
   *     IdentificationPayload.restOfPayload()})
   */
  public static byte[] compute(
      PrfAlgorithm prf,
      KeyMaterial sharedSecret,
      byte[] realMessage,
      byte[] peerNonce,
      KeyMaterial skP,
      byte[] restOfIdPayload) {
    byte[] macedId = prf.compute(skP, restOfIdPayload);
    byte[] padded = prf.compute(sharedSecret, KEY_PAD);
    try {
      return prf.compute(padded, realMessage, peerNonce, macedId);
    } finally {
      Arrays.fill(padded, (byte) 0);
    }
  }

  /**
   * Whether {@code received} is the AUTH data the peer should have sent; compared in constant time.
   * The arguments are the peer's: its IKE_SA_INIT message, our nonce, its SK_p and its ID payload.
   */
  public static boolean verify(
      PrfAlgorithm prf,
      KeyMaterial sharedSecret,
      byte[] peerRealMessage,
      byte[] ourNonce,
      KeyMaterial peerSkP,
      byte[] peerRestOfIdPayload,
      byte[] received) {
    byte[] expected =
        compute(prf, sharedSecret, peerRealMessage, ourNonce, peerSkP, peerRestOfIdPayload);
    return MessageDigest.isEqual(expected, received);
  }
}
