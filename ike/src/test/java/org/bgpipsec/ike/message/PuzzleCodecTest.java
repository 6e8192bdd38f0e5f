package org.bgpipsec.ike.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 8019 section 8 on the wire: the PUZZLE notification (8.1) and the Puzzle Solution payload
 * (8.2). The vectors are assembled octet by octet from the RFC's diagrams (no published capture
 * exists: no implementation we can run, strongSwan 5.9.8 included, implements RFC 8019).
 */
class PuzzleCodecTest {
  private static final HexFormat HEX = HexFormat.of();

  /** IKE header of an IKE_SA_INIT response, SPIi 0102030405060708, SPIr 0, message ID 0. */
  private static String header(String firstPayload, int length) {
    return "0102030405060708"
        + "0000000000000000"
        + firstPayload
        + "20" // version 2.0
        + "22" // IKE_SA_INIT
        + "20" // flags: Response
        + "00000000"
        + String.format("%08x", length);
  }

  /** RFC 8019 7.1.1.1: HDR, N(COOKIE), N(PUZZLE), with PRF_HMAC_SHA2_256 (5) and difficulty 12. */
  static final String COOKIE_AND_PUZZLE =
      header("29", 28 + 8 + 4 + 8 + 3)
          // N(COOKIE): next = N (41 = 0x29), not critical, length 4 + 4 + 4; protocol 0, SPI size
          // 0,
          // type 16390 (0x4006), cookie 0xc0ffee01
          + "2900000c"
          + "00004006"
          + "c0ffee01"
          // N(PUZZLE): last payload, length 8 + 3; protocol 0, SPI size 0, type 16434 (0x4032);
          // PRF 0x0005, difficulty 0x0c
          + "0000000b"
          + "00004032"
          + "00050c";

  @Test
  void decodesTheResponderPuzzleFromTheRfcLayout() throws Exception {
    byte[] wire = HEX.parseHex(COOKIE_AND_PUZZLE);
    IkeMessage m = IkeMessageCodec.decode(wire);
    List<NotifyPayload> n = m.all(NotifyPayload.class);
    assertThat(n).hasSize(2);
    assertThat(n.get(0).knownType()).contains(NotifyType.COOKIE);
    assertThat(n.get(1).knownType()).contains(NotifyType.PUZZLE);
    assertThat(PuzzleNotification.of(n.get(1))).contains(new PuzzleNotification(5, 12));
    assertThat(NotifyType.PUZZLE.isError()).isFalse();
    // Encoding gives the same octets back.
    assertThat(IkeMessageCodec.encode(m)).isEqualTo(wire);
    assertThat(new PuzzleNotification(5, 12).toPayload()).isEqualTo(n.get(1));
  }

  @Test
  void puzzleNotificationWithOtherDataOrAnSpiIsNotAPuzzle() {
    assertThat(PuzzleNotification.of(NotifyPayload.of(NotifyType.PUZZLE, Octets.ofHex("0005"))))
        .isEmpty();
    assertThat(PuzzleNotification.of(NotifyPayload.of(NotifyType.PUZZLE, Octets.ofHex("00050c00"))))
        .isEmpty();
    assertThat(
            PuzzleNotification.of(
                new NotifyPayload(1, Octets.ofHex("01020304"), 16434, Octets.ofHex("00050c"))))
        .isEmpty();
    assertThat(PuzzleNotification.of(NotifyPayload.of(NotifyType.COOKIE, Octets.ofHex("00050c"))))
        .isEmpty();
    // Difficulty 0 ("the Initiator is free to select", RFC 8019 8.1) is a valid puzzle.
    assertThat(PuzzleNotification.of(NotifyPayload.of(NotifyType.PUZZLE, Octets.ofHex("000700"))))
        .contains(new PuzzleNotification(7, 0));
    assertThatThrownBy(() -> new PuzzleNotification(5, 256))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** RFC 8019 7.1.1.2: HDR, N(COOKIE), PS, ... with four 2-octet keys. */
  static final String COOKIE_AND_SOLUTION =
      "0102030405060708"
          + "0000000000000000"
          + "29" // first payload: Notify
          + "20"
          + "22"
          + "08" // flags: Initiator
          + "00000000"
          + String.format("%08x", 28 + 12 + 12)
          // N(COOKIE): next = PS (54 = 0x36)
          + "3600000c"
          + "00004006"
          + "c0ffee01"
          // PS: last payload, length 4 + 8; keys 0001 0002 0003 0004
          + "0000000c"
          + "0001000200030004";

  @Test
  void decodesAPuzzleSolutionFromTheRfcLayout() throws Exception {
    byte[] wire = HEX.parseHex(COOKIE_AND_SOLUTION);
    IkeMessage m = IkeMessageCodec.decode(wire);
    PuzzleSolutionPayload ps = m.first(PuzzleSolutionPayload.class).orElseThrow();
    assertThat(ps.keyLength()).isEqualTo(2);
    assertThat(ps.keys())
        .containsExactly(
            Octets.ofHex("0001"), Octets.ofHex("0002"), Octets.ofHex("0003"), Octets.ofHex("0004"));
    assertThat(ps.typeCode()).isEqualTo(54);
    assertThat(IkeMessageCodec.encode(m)).isEqualTo(wire);
  }

  @Test
  void solutionDataThatIsEmptyOrNoMultipleOfFourIsInvalidSyntax() {
    // Empty data (RFC 8019 8.2: "This field MUST NOT be empty").
    String empty = COOKIE_AND_SOLUTION.replace("0000000c0001000200030004", "00000004");
    assertSyntax(fixLength(empty));
    // Seven octets: not four keys of one size.
    String seven =
        COOKIE_AND_SOLUTION.replace("0000000c0001000200030004", "0000000b00010002000300");
    assertSyntax(fixLength(seven));
  }

  @Test
  void truncatedAndOverlongPayloadLengthsAreInvalidSyntax() {
    // The PS payload claims more octets than the message holds.
    assertSyntax(COOKIE_AND_SOLUTION.replace("0000000c0001", "0000000d0001"));
    // The message is cut inside the PUZZLE notification data.
    String cut = COOKIE_AND_PUZZLE.substring(0, COOKIE_AND_PUZZLE.length() - 2);
    assertSyntax(fixLength(cut));
  }

  @Test
  void recordRefusesSolutionsThatAreNotFourEqualNonEmptyKeys() {
    assertThatThrownBy(() -> new PuzzleSolutionPayload(List.of(Octets.ofHex("01"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new PuzzleSolutionPayload(
                    List.of(
                        Octets.ofHex("01"),
                        Octets.ofHex("02"),
                        Octets.ofHex("03"),
                        Octets.ofHex("0404"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new PuzzleSolutionPayload(
                    List.of(Octets.EMPTY, Octets.EMPTY, Octets.EMPTY, Octets.EMPTY)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Rewrites the IKE header's length field to the hex string's real length. */
  private static String fixLength(String hex) {
    return hex.substring(0, 48) + String.format("%08x", hex.length() / 2) + hex.substring(56);
  }

  private static void assertSyntax(String hex) {
    IkeDecodeException e =
        catchThrowableOfType(
            IkeDecodeException.class, () -> IkeMessageCodec.decode(HEX.parseHex(hex)));
    assertThat(e).isNotNull();
    assertThat(e.notifyType()).isEqualTo(NotifyType.INVALID_SYNTAX);
  }
}
