package org.bgpipsec.ike.sa;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.bgpipsec.ike.crypto.IkeSaKeys;
import org.bgpipsec.ike.crypto.KeyMaterial;
import org.bgpipsec.ike.crypto.SkCipher;
import org.bgpipsec.ike.message.ExchangeType;
import org.bgpipsec.ike.message.IkeHeader;
import org.bgpipsec.ike.message.IkeMessage;
import org.bgpipsec.ike.message.NotifyPayload;
import org.bgpipsec.ike.message.NotifyType;
import org.bgpipsec.ike.message.Octets;
import org.bgpipsec.ike.message.Payload;
import org.bgpipsec.ike.message.SkProtection;
import org.bgpipsec.ike.message.UnprotectResult;
import org.junit.jupiter.api.Test;

/** RFC 7383: fragments in any order give back the message; an incomplete set gives nothing. */
class FragmentReassemblyTest {

  @Test
  void fragmentsInAnyOrderReassemble() {
    IkeSaKeys keys =
        IkeSaKeys.derive(
            IkeHost.GCM_X25519, KeyMaterial.copyOf(new byte[32]), new byte[32], new byte[32], 1, 2);
    SecureRandom random = new SecureRandom();
    SkCipher out = keys.cipherForSender(true, random);
    SkCipher in = keys.cipherForSender(true, random);
    IkeHeader h = IkeHeader.v2(1, 2, ExchangeType.IKE_AUTH, true, false, 1);
    List<Payload> payloads =
        List.of(
            NotifyPayload.of(NotifyType.INITIAL_CONTACT, Octets.of(new byte[700])),
            NotifyPayload.of(NotifyType.USE_TRANSPORT_MODE, Octets.EMPTY));
    List<byte[]> fragments = new ArrayList<>(SkProtection.protectFragments(h, payloads, out, 200));
    assertThat(fragments).hasSizeGreaterThan(3);
    Collections.shuffle(fragments, new Random(5));
    FragmentReassembly r = new FragmentReassembly();
    Optional<IkeMessage> result = Optional.empty();
    for (int i = 0; i < fragments.size(); i++) {
      var opened = (UnprotectResult.OpenedFragment) SkProtection.unprotect(fragments.get(i), in);
      result = r.add(opened);
      assertThat(result.isPresent()).isEqualTo(i == fragments.size() - 1);
    }
    assertThat(result.orElseThrow().payloads()).isEqualTo(payloads);
  }
}
