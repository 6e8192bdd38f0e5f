package org.bgpipsec.ike.sa;

import java.util.ArrayList;
import java.util.List;
import org.bgpipsec.ike.message.DeletePayload;
import org.bgpipsec.ike.message.ExchangeType;
import org.bgpipsec.ike.message.IkeMessage;
import org.bgpipsec.ike.message.Octets;
import org.bgpipsec.ike.message.Payload;
import org.bgpipsec.ike.message.ProtocolId;

/**
 * The INFORMATIONAL exchange (RFC 7296 section 1.4): DELETE of Child SAs and of the IKE SA, and the
 * empty liveness check (2.4).
 *
 * <pre>
 * HDR, SK {D(ESP, SPIs)}  --&gt;   &lt;--  HDR, SK {D(ESP, the other halves' SPIs)}
 * HDR, SK {D(IKE)}        --&gt;   &lt;--  HDR, SK {}
 * HDR, SK {}              --&gt;   &lt;--  HDR, SK {}
 * </pre>
 */
final class InformationalExchange {
  private InformationalExchange() {}

  /** Deletes a Child SA pair: names our inbound SPI (RFC 7296 3.11). */
  static void requestDeleteChild(IkeSa sa, ChildSa child) {
    if (child.state() instanceof ChildSa.State.Deleted || !sa.children.contains(child)) {
      return;
    }
    sa.sendRequest(
        ExchangeType.INFORMATIONAL,
        List.of(
            new DeletePayload(
                ProtocolId.ESP.code(), 4, List.of(Proposals.spiOctets(child.inboundSpi())))),
        new Request.DeleteChild(child));
  }

  /** Deletes the IKE SA (and with it every Child SA still under it, RFC 7296 1.4.1). */
  static void requestDeleteIke(IkeSa sa) {
    if (!(sa.state instanceof IkeSaState.Rekeyed)) {
      sa.state = new IkeSaState.Deleting();
    }
    sa.sendRequest(
        ExchangeType.INFORMATIONAL,
        List.of(new DeletePayload(ProtocolId.IKE.code(), 0, List.of())),
        new Request.DeleteIke());
  }

  /** Responder: any INFORMATIONAL request. */
  static void respond(IkeSa sa, IkeMessage m) {
    List<DeletePayload> deletes = m.all(DeletePayload.class);
    boolean authFailed =
        m.all(org.bgpipsec.ike.message.NotifyPayload.class).stream()
            .anyMatch(
                n ->
                    n.notifyType()
                        == org.bgpipsec.ike.message.NotifyType.AUTHENTICATION_FAILED.code());
    if (authFailed || deletes.stream().anyMatch(d -> d.protocolId() == ProtocolId.IKE.code())) {
      // RFC 7296 1.4.1: answer with an empty INFORMATIONAL, then the SA and its children go.
      sa.respond(ExchangeType.INFORMATIONAL, List.of());
      sa.close(authFailed ? org.bgpipsec.ike.dos.FailureReason.AUTHENTICATION_FAILED : null);
      return;
    }
    List<Octets> ours = new ArrayList<>();
    for (DeletePayload d : deletes) {
      if (d.protocolId() != ProtocolId.ESP.code() || d.spiSize() != 4) {
        continue;
      }
      for (Octets spi : d.spis()) {
        int outbound = Proposals.spiInt(spi);
        for (ChildSa c : List.copyOf(sa.children)) {
          if (c.outboundSpi() == outbound) {
            // RFC 7296 1.4.1: the answer names the other half of each pair.
            ours.add(Proposals.spiOctets(c.inboundSpi()));
            sa.childDeleted(c);
          }
        }
      }
    }
    List<Payload> answer =
        ours.isEmpty() ? List.of() : List.of(new DeletePayload(ProtocolId.ESP.code(), 4, ours));
    sa.respond(ExchangeType.INFORMATIONAL, answer);
  }
}
