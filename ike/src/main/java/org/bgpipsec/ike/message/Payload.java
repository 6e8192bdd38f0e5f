package org.bgpipsec.ike.message;

/**
 * An IKEv2 payload (RFC 7296 section 3). The generic payload header (next payload, critical bit,
 * length) is handled once by {@link IkeMessageCodec}; the records hold the bodies.
 */
public sealed interface Payload
    permits SecurityAssociationPayload,
        KeyExchangePayload,
        IdentificationPayload,
        CertificatePayload,
        CertificateRequestPayload,
        AuthenticationPayload,
        NoncePayload,
        NotifyPayload,
        DeletePayload,
        VendorIdPayload,
        TrafficSelectorPayload,
        EncryptedPayload,
        EncryptedFragmentPayload,
        ConfigurationPayload,
        EapPayload,
        PuzzleSolutionPayload,
        UnknownPayload {

  /** The payload type code on the wire. */
  int typeCode();
}
