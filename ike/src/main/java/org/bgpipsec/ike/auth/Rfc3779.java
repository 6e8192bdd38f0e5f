package org.bgpipsec.ike.auth;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Null;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;

/**
 * The X.509 extensions of RFC 3779: IP address blocks and AS identifiers, encoded and decoded with
 * Bouncy Castle's ASN.1 (DER), canonical on the way out, checked on the way in.
 *
 * <pre>
 * id-pe-ipAddrBlocks ::= { id-pe 7 }      IPAddrBlocks ::= SEQUENCE OF IPAddressFamily
 * IPAddressFamily ::= SEQUENCE { addressFamily OCTET STRING (SIZE (2..3)),
 *                                ipAddressChoice IPAddressChoice }
 * IPAddressChoice ::= CHOICE { inherit NULL, addressesOrRanges SEQUENCE OF IPAddressOrRange }
 * IPAddressOrRange ::= CHOICE { addressPrefix IPAddress, addressRange IPAddressRange }
 * IPAddressRange ::= SEQUENCE { min IPAddress, max IPAddress }     IPAddress ::= BIT STRING
 *
 * id-pe-autonomousSysIds ::= { id-pe 8 }
 * ASIdentifiers ::= SEQUENCE { asnum [0] EXPLICIT ASIdentifierChoice OPTIONAL,
 *                              rdi   [1] EXPLICIT ASIdentifierChoice OPTIONAL }
 * ASIdentifierChoice ::= CHOICE { inherit NULL, asIdsOrRanges SEQUENCE OF ASIdOrRange }
 * ASIdOrRange ::= CHOICE { id ASId, range ASRange }   ASRange ::= SEQUENCE { min ASId, max ASId }
 * </pre>
 */
public final class Rfc3779 {
  private Rfc3779() {}

  /** id-pe-ipAddrBlocks (OpenSSL: sbgp-ipAddrBlock). */
  public static final String IP_ADDR_BLOCKS_OID = "1.3.6.1.5.5.7.1.7";

  /** id-pe-autonomousSysIds (OpenSSL: sbgp-autonomousSysNum). */
  public static final String AUTONOMOUS_SYS_IDS_OID = "1.3.6.1.5.5.7.1.8";

  static final ASN1ObjectIdentifier IP_ADDR_BLOCKS = new ASN1ObjectIdentifier(IP_ADDR_BLOCKS_OID);

  static final ASN1ObjectIdentifier AUTONOMOUS_SYS_IDS =
      new ASN1ObjectIdentifier(AUTONOMOUS_SYS_IDS_OID);

  /** A malformed extension. */
  public static final class DecodingException extends Exception {
    private static final long serialVersionUID = 1L;

    DecodingException(String message) {
      super(message);
    }
  }

  /** What one certificate holds; empty where it has no such extension. */
  public record Resources(Optional<AsResources> as, Optional<IpResources> ip) {}

  /** Reads both extensions of a certificate. */
  public static Resources of(X509Certificate certificate) throws DecodingException {
    Optional<AsResources> as = Optional.empty();
    Optional<IpResources> ip = Optional.empty();
    byte[] asValue = certificate.getExtensionValue(AUTONOMOUS_SYS_IDS.getId());
    if (asValue != null) {
      as = Optional.of(decodeAs(unwrapOctetString(asValue)));
    }
    byte[] ipValue = certificate.getExtensionValue(IP_ADDR_BLOCKS.getId());
    if (ipValue != null) {
      ip = Optional.of(decodeIp(unwrapOctetString(ipValue)));
    }
    return new Resources(as, ip);
  }

  private static byte[] unwrapOctetString(byte[] der) throws DecodingException {
    try {
      return ASN1OctetString.getInstance(der).getOctets();
    } catch (IllegalArgumentException e) {
      throw new DecodingException("extension value is not an OCTET STRING");
    }
  }

  // ---- AS identifiers ----

  /** DER of ASIdentifiers with only the asnum choice (the rdi choice is not used for BGP). */
  public static byte[] encode(AsResources as) {
    ASN1Encodable choice;
    if (as.inherit()) {
      choice = DERNull.INSTANCE;
    } else {
      ASN1EncodableVector v = new ASN1EncodableVector();
      for (AsRange r : as.ranges()) {
        v.add(
            r.min() == r.max()
                ? new ASN1Integer(r.min())
                : new DERSequence(
                    new ASN1Encodable[] {new ASN1Integer(r.min()), new ASN1Integer(r.max())}));
      }
      choice = new DERSequence(v);
    }
    return der(new DERSequence(new DERTaggedObject(true, 0, choice)));
  }

  public static AsResources decodeAs(byte[] der) throws DecodingException {
    try {
      return decodeAsUnchecked(der);
    } catch (IllegalArgumentException | IllegalStateException | ClassCastException e) {
      throw new DecodingException("malformed ASIdentifiers: " + e.getMessage());
    }
  }

  private static AsResources decodeAsUnchecked(byte[] der) throws DecodingException {
    ASN1Sequence seq = sequence(parse(der), "ASIdentifiers");
    AsResources asnum = null;
    for (ASN1Encodable e : seq) {
      if (!(e instanceof ASN1TaggedObject t) || t.getTagNo() > 1 || !t.isExplicit()) {
        throw new DecodingException(
            "ASIdentifiers holds something other than [0] asnum or [1] rdi");
      }
      if (t.getTagNo() == 0) {
        asnum = asChoice(t.getExplicitBaseObject().toASN1Primitive());
      }
    }
    if (asnum == null) {
      throw new DecodingException("ASIdentifiers has no asnum");
    }
    return asnum;
  }

  private static AsResources asChoice(ASN1Primitive p) throws DecodingException {
    if (p instanceof ASN1Null) {
      return AsResources.INHERIT;
    }
    List<AsRange> ranges = new ArrayList<>();
    for (ASN1Encodable e : sequence(p, "asIdsOrRanges")) {
      if (e instanceof ASN1Integer i) {
        ranges.add(AsRange.of(asId(i)));
      } else {
        ASN1Sequence r = sequence(e.toASN1Primitive(), "ASRange");
        if (r.size() != 2
            || !(r.getObjectAt(0) instanceof ASN1Integer min)
            || !(r.getObjectAt(1) instanceof ASN1Integer max)) {
          throw new DecodingException("ASRange is not SEQUENCE { min INTEGER, max INTEGER }");
        }
        long lo = asId(min);
        long hi = asId(max);
        if (lo > hi) {
          throw new DecodingException("ASRange min " + lo + " > max " + hi);
        }
        ranges.add(new AsRange(lo, hi));
      }
    }
    if (ranges.isEmpty()) {
      throw new DecodingException("asIdsOrRanges is empty");
    }
    return AsResources.of(ranges);
  }

  private static long asId(ASN1Integer i) throws DecodingException {
    BigInteger v = i.getValue();
    if (v.signum() < 0 || v.bitLength() > 32) {
      throw new DecodingException("AS number " + v + " out of 0..4294967295");
    }
    return v.longValueExact();
  }

  // ---- IP address blocks ----

  public static byte[] encode(IpResources ip) {
    ASN1EncodableVector families = new ASN1EncodableVector();
    for (IpResources.Family f : ip.families()) {
      byte[] afi =
          f.safi() == null
              ? new byte[] {(byte) (f.afi() >> 8), (byte) f.afi()}
              : new byte[] {(byte) (f.afi() >> 8), (byte) f.afi(), f.safi().byteValue()};
      ASN1Encodable choice;
      if (f.inherit()) {
        choice = DERNull.INSTANCE;
      } else {
        ASN1EncodableVector v = new ASN1EncodableVector();
        for (IpRange r : f.ranges()) {
          int p = r.prefixLength();
          if (p >= 0) {
            v.add(bits(r.min().getAddress(), p));
          } else {
            v.add(
                new DERSequence(
                    new ASN1Encodable[] {
                      bits(r.min().getAddress(), significantBits(r.min().getAddress(), 0)),
                      bits(r.max().getAddress(), significantBits(r.max().getAddress(), 1))
                    }));
          }
        }
        choice = new DERSequence(v);
      }
      families.add(new DERSequence(new ASN1Encodable[] {new DEROctetString(afi), choice}));
    }
    return der(new DERSequence(families));
  }

  public static IpResources decodeIp(byte[] der) throws DecodingException {
    try {
      return decodeIpUnchecked(der);
    } catch (IllegalArgumentException | IllegalStateException | ClassCastException e) {
      throw new DecodingException("malformed IPAddrBlocks: " + e.getMessage());
    }
  }

  private static IpResources decodeIpUnchecked(byte[] der) throws DecodingException {
    List<IpResources.Family> out = new ArrayList<>();
    for (ASN1Encodable e : sequence(parse(der), "IPAddrBlocks")) {
      ASN1Sequence fam = sequence(e.toASN1Primitive(), "IPAddressFamily");
      if (fam.size() != 2 || !(fam.getObjectAt(0) instanceof ASN1OctetString afiOctets)) {
        throw new DecodingException("IPAddressFamily is not SEQUENCE { OCTET STRING, choice }");
      }
      byte[] a = afiOctets.getOctets();
      if (a.length < 2 || a.length > 3) {
        throw new DecodingException("addressFamily is " + a.length + " octets, not 2 or 3");
      }
      int afi = (a[0] & 0xff) << 8 | (a[1] & 0xff);
      if (afi != IpResources.AFI_IPV4 && afi != IpResources.AFI_IPV6) {
        throw new DecodingException("AFI " + afi + " is not IPv4 or IPv6");
      }
      Integer safi = a.length == 3 ? a[2] & 0xff : null;
      int addressBytes = afi == IpResources.AFI_IPV4 ? 4 : 16;
      ASN1Primitive choice = fam.getObjectAt(1).toASN1Primitive();
      if (choice instanceof ASN1Null) {
        out.add(new IpResources.Family(afi, safi, true, List.of()));
        continue;
      }
      List<IpRange> ranges = new ArrayList<>();
      for (ASN1Encodable item : sequence(choice, "addressesOrRanges")) {
        if (item instanceof DERBitString prefix) {
          int length = bitLength(prefix, addressBytes);
          ranges.add(IpRange.prefix(IpRange.address(fill(prefix, addressBytes, 0)), length));
        } else {
          ASN1Sequence r = sequence(item.toASN1Primitive(), "IPAddressRange");
          if (r.size() != 2
              || !(r.getObjectAt(0) instanceof DERBitString min)
              || !(r.getObjectAt(1) instanceof DERBitString max)) {
            throw new DecodingException(
                "IPAddressRange is not SEQUENCE { BIT STRING, BIT STRING }");
          }
          bitLength(min, addressBytes);
          bitLength(max, addressBytes);
          InetAddress lo = IpRange.address(fill(min, addressBytes, 0));
          InetAddress hi = IpRange.address(fill(max, addressBytes, 1));
          if (IpRange.value(lo).compareTo(IpRange.value(hi)) > 0) {
            throw new DecodingException("IPAddressRange min > max");
          }
          ranges.add(new IpRange(lo, hi));
        }
      }
      if (ranges.isEmpty()) {
        throw new DecodingException("addressesOrRanges is empty");
      }
      out.add(new IpResources.Family(afi, safi, false, ranges));
    }
    return new IpResources(out);
  }

  /** The first {@code length} bits of {@code address} as a BIT STRING. */
  private static DERBitString bits(byte[] address, int length) {
    int bytes = (length + 7) / 8;
    byte[] data = Arrays.copyOf(address, bytes);
    int pad = bytes * 8 - length;
    if (bytes > 0) {
      data[bytes - 1] &= (byte) (0xff << pad);
    }
    return new DERBitString(data, pad);
  }

  /** Bits up to the last one that differs from {@code trailing} (RFC 3779 2.1.2). */
  private static int significantBits(byte[] address, int trailing) {
    int n = address.length * 8;
    while (n > 0 && IpRange.bit(address, n - 1) == trailing) {
      n--;
    }
    return n;
  }

  private static int bitLength(DERBitString s, int addressBytes) throws DecodingException {
    byte[] b = s.getBytes();
    int length = b.length * 8 - s.getPadBits();
    if (b.length > addressBytes || length < 0) {
      throw new DecodingException(
          "IPAddress of " + length + " bits is longer than " + addressBytes * 8);
    }
    return length;
  }

  /** The address whose leading bits are {@code s} and whose other bits are {@code fill}. */
  private static byte[] fill(DERBitString s, int addressBytes, int fill) {
    byte[] b = s.getBytes();
    int length = b.length * 8 - s.getPadBits();
    byte[] out = new byte[addressBytes];
    for (int i = 0; i < addressBytes * 8; i++) {
      int bit = i < length ? IpRange.bit(b, i) : fill;
      if (bit == 1) {
        out[i / 8] |= (byte) (0x80 >>> (i % 8));
      }
    }
    return out;
  }

  private static ASN1Primitive parse(byte[] der) throws DecodingException {
    try {
      return ASN1Primitive.fromByteArray(der);
    } catch (IOException | RuntimeException e) {
      throw new DecodingException("not DER: " + e.getMessage());
    }
  }

  private static ASN1Sequence sequence(ASN1Primitive p, String what) throws DecodingException {
    if (p instanceof ASN1Sequence s) {
      return s;
    }
    throw new DecodingException(what + " is not a SEQUENCE");
  }

  private static byte[] der(ASN1Encodable e) {
    try {
      return e.toASN1Primitive().getEncoded(ASN1Encoding.DER);
    } catch (IOException ex) {
      throw new IllegalStateException(ex);
    }
  }
}
