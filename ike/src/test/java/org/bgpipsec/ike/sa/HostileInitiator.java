package org.bgpipsec.ike.sa;

import java.net.InetSocketAddress;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bgpipsec.ike.auth.SignatureAuthentication;
import org.bgpipsec.ike.crypto.IkeSaKeys;
import org.bgpipsec.ike.crypto.IkeSaSuite;
import org.bgpipsec.ike.crypto.KeyExchange;
import org.bgpipsec.ike.crypto.KeyExchangeProvider;
import org.bgpipsec.ike.crypto.KeyMaterial;
import org.bgpipsec.ike.crypto.SharedKeyAuthentication;
import org.bgpipsec.ike.crypto.SkCipher;
import org.bgpipsec.ike.message.AuthMethod;
import org.bgpipsec.ike.message.AuthenticationPayload;
import org.bgpipsec.ike.message.CertificatePayload;
import org.bgpipsec.ike.message.ExchangeType;
import org.bgpipsec.ike.message.IdentificationPayload;
import org.bgpipsec.ike.message.IkeHeader;
import org.bgpipsec.ike.message.IkeMessage;
import org.bgpipsec.ike.message.IkeMessageCodec;
import org.bgpipsec.ike.message.KeyExchangePayload;
import org.bgpipsec.ike.message.NoncePayload;
import org.bgpipsec.ike.message.NotifyPayload;
import org.bgpipsec.ike.message.NotifyType;
import org.bgpipsec.ike.message.Octets;
import org.bgpipsec.ike.message.Payload;
import org.bgpipsec.ike.message.SecurityAssociationPayload;
import org.bgpipsec.ike.message.SkProtection;
import org.bgpipsec.ike.message.UnprotectResult;
import org.bgpipsec.ipsec.sa.SecurityPolicyDatabase;
import org.bgpipsec.ipsec.sa.SpdEntry;

/**
 * An initiator built from the message codec alone, for tests: it runs IKE_SA_INIT by hand against a
 * responder daemon (calling its {@link IkeDaemon#ikeDatagram} directly and catching what it sends),
 * derives the IKE SA keys, and then sends whatever IKE_AUTH payloads a test composes, correctly
 * encrypted and integrity-protected; the answer comes back decrypted.
 */
final class HostileInitiator {
  private final InetSocketAddress self;
  private final InetSocketAddress responderAddress;
  private final IkeDaemon responder;
  private final List<byte[]> sent;
  private final SecureRandom random = IkeHost.seeded(4711);

  final long spiI;
  long spiR;
  byte[] initRequest;
  byte[] initResponse;
  byte[] nonceI;
  byte[] nonceR;
  IkeSaKeys keys;
  private SkCipher send;
  private SkCipher receive;

  /**
   * Starts an IKE SA: IKE_SA_INIT with {@code suite}.
   *
   * @param sent where the test's transport of {@code responder} collects what it sends
   */
  HostileInitiator(
      InetSocketAddress self,
      InetSocketAddress responderAddress,
      IkeDaemon responder,
      List<byte[]> sent,
      IkeSaSuite suite,
      long spiI)
      throws Exception {
    this(self, responderAddress, responder, sent, suite, spiI, List.of());
  }

  /** As above, with {@code extraInit} (notifications) appended to the IKE_SA_INIT request. */
  HostileInitiator(
      InetSocketAddress self,
      InetSocketAddress responderAddress,
      IkeDaemon responder,
      List<byte[]> sent,
      IkeSaSuite suite,
      long spiI,
      List<Payload> extraInit)
      throws Exception {
    this.self = self;
    this.responderAddress = responderAddress;
    this.responder = responder;
    this.sent = sent;
    this.spiI = spiI;
    KeyExchange ke = KeyExchangeProvider.preferred(suite.group()).generate(suite.group(), random);
    nonceI = new byte[32];
    random.nextBytes(nonceI);
    IkeHeader h = IkeHeader.v2(spiI, 0, ExchangeType.IKE_SA_INIT, true, false, 0);
    List<Payload> init = new ArrayList<>();
    init.add(Proposals.ikeOffer(List.of(suite), Octets.EMPTY));
    init.add(new KeyExchangePayload(suite.group().transformId(), Octets.of(ke.publicValue())));
    init.add(new NoncePayload(Octets.of(nonceI)));
    init.add(NotifyPayload.of(NotifyType.CHILDLESS_IKEV2_SUPPORTED, Octets.EMPTY));
    init.addAll(extraInit);
    initRequest = IkeMessageCodec.encode(new IkeMessage(h, init));
    initResponse = exchange(initRequest);
    IkeMessage answer = IkeMessageCodec.decode(initResponse);
    spiR = answer.header().responderSpi();
    nonceR = answer.first(NoncePayload.class).orElseThrow().nonce().toByteArray();
    KeyMaterial shared =
        ke.agree(
            answer.first(KeyExchangePayload.class).orElseThrow().keyExchangeData().toByteArray());
    ke.destroy();
    if (answer.first(SecurityAssociationPayload.class).isEmpty()) {
      throw new IllegalStateException("IKE_SA_INIT refused: " + answer);
    }
    keys = IkeSaKeys.derive(suite, shared, nonceI, nonceR, spiI, spiR);
    shared.destroy();
    send = keys.cipherForSender(true, random);
    receive = keys.cipherForSender(false, random);
  }

  /** Sends {@code message} to the responder; returns the one datagram it answers with. */
  private byte[] exchange(byte[] message) {
    int before = sent.size();
    responder.ikeDatagram(responderAddress, self, message, true);
    if (sent.size() != before + 1) {
      throw new AssertionError("the responder sent " + (sent.size() - before) + " datagrams");
    }
    return sent.getLast();
  }

  /**
   * Sends an IKE_AUTH request (message ID 1) with {@code payloads} inside SK; returns the answer.
   */
  IkeMessage auth(List<Payload> payloads) {
    return authRaw(payloads).orElseThrow(() -> new AssertionError("no answer"));
  }

  /** As {@link #auth}, empty if the responder answered nothing. */
  Optional<IkeMessage> authRaw(List<Payload> payloads) {
    IkeHeader h = IkeHeader.v2(spiI, spiR, ExchangeType.IKE_AUTH, true, false, 1);
    int before = sent.size();
    responder.ikeDatagram(responderAddress, self, SkProtection.protect(h, payloads, send), true);
    if (sent.size() == before) {
      return Optional.empty();
    }
    return switch (SkProtection.unprotect(sent.getLast(), receive)) {
      case UnprotectResult.Opened o -> Optional.of(o.message());
      default -> throw new AssertionError("the answer does not open");
    };
  }

  /** The notification types of an answer, in order (unknown codes as null). */
  static List<NotifyType> notifies(IkeMessage m) {
    List<NotifyType> out = new ArrayList<>();
    for (NotifyPayload n : m.all(NotifyPayload.class)) {
      out.add(n.knownType().orElse(null));
    }
    return out;
  }

  /** A valid pre-shared-key AUTH for {@code idi}. */
  AuthenticationPayload pskAuth(KeyMaterial psk, IdentificationPayload idi) {
    return new AuthenticationPayload(
        AuthMethod.SHARED_KEY_MESSAGE_INTEGRITY_CODE.code(),
        Octets.of(
            SharedKeyAuthentication.compute(
                keys.suite().prf(), psk, initRequest, nonceR, keys.skPi(), idi.restOfPayload())));
  }

  /** A valid method-14 AUTH for {@code idi} with {@code key}. */
  AuthenticationPayload signatureAuth(
      PrivateKey key, X509Certificate certificate, IdentificationPayload idi) throws Exception {
    byte[] octets =
        SignatureAuthentication.signedOctets(
            keys.suite().prf(), initRequest, nonceR, keys.skPi(), idi.restOfPayload());
    return new AuthenticationPayload(
        AuthMethod.DIGITAL_SIGNATURE.code(),
        Octets.of(
            SignatureAuthentication.sign(
                key, SignatureAuthentication.Scheme.forKey(certificate.getPublicKey()), octets)));
  }

  /** A CERT payload (X.509, encoding 4) holding {@code c}. */
  static CertificatePayload cert(X509Certificate c) throws Exception {
    return new CertificatePayload(PeerAuthenticator.X509_SIGNATURE, Octets.of(c.getEncoded()));
  }

  /**
   * A real Child SA offer for A's "bgp-out" policy towards B: N(USE_TRANSPORT_MODE), SA, TSi, TSr.
   */
  static List<Payload> childOffer(PeerPolicy towardsResponder, InetSocketAddress self, int spi) {
    SpdEntry out =
        IkeDaemon.addBgpPolicies(
                new SecurityPolicyDatabase(4), self.getAddress(), towardsResponder.address())
            .getFirst();
    return ChildSaNegotiation.offerPayloads(
        towardsResponder, new ChildSaNegotiation.Offer(out, spi, null), null);
  }
}
