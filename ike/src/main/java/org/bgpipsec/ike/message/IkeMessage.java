package org.bgpipsec.ike.message;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An IKE message: the header and the payloads in wire order. An {@link EncryptedPayload} or {@link
 * EncryptedFragmentPayload}, if present, is the last payload (RFC 7296 section 3.14).
 *
 * @param header the IKE header
 * @param payloads the payloads in order
 */
public record IkeMessage(IkeHeader header, List<Payload> payloads) {

  /** Copies the payload list and checks that an encrypted payload comes last. */
  public IkeMessage {
    Objects.requireNonNull(header);
    payloads = List.copyOf(payloads);
    for (int i = 0; i < payloads.size() - 1; i++) {
      if (payloads.get(i) instanceof EncryptedPayload
          || payloads.get(i) instanceof EncryptedFragmentPayload) {
        throw new IllegalArgumentException("an encrypted payload must be the last payload");
      }
    }
  }

  /** The first payload of the given record type, if any. */
  public <P extends Payload> Optional<P> first(Class<P> type) {
    // Loops rather than streams: every exchange asks several times per message.
    for (Payload p : payloads) {
      if (type.isInstance(p)) {
        return Optional.of(type.cast(p));
      }
    }
    return Optional.empty();
  }

  /** All payloads of the given record type, in order. */
  public <P extends Payload> List<P> all(Class<P> type) {
    List<P> found = new java.util.ArrayList<>(2);
    for (Payload p : payloads) {
      if (type.isInstance(p)) {
        found.add(type.cast(p));
      }
    }
    return java.util.Collections.unmodifiableList(found);
  }
}
