#!/usr/bin/python3
"""Seals and opens ESP packets with Scapy (scapy.layers.ipsec), for interop tests.

Usage (all byte strings in hex; the packet is the raw ESP header onwards):
  scapy_esp.py seal ALG KEY SPI SEQ64 ESN NEXT_HEADER PAYLOAD  -> prints the ESP packet
  scapy_esp.py open ALG KEY SEQ_HIGH ESN ESP_PACKET            -> prints "OK NH PAYLOAD" or "FAIL"
  scapy_esp.py pcap FILE ALG KEY SPI COUNT  -> writes COUNT TCP packets sealed by Scapy (no ESN):
      UDP-encapsulated over IPv4, over IPv6, and plain ESP over IPv4, in turn
ALG is null-sha256, aes128gcm16 or aes256gcm16; KEY is the IKEv2 keying material (for GCM the
AES key followed by the 4-byte salt). ESN is 0 or 1.

Scapy 2.5 also writes a UDP length of 8 into IPv4 NAT-T packets and a zero UDP checksum into
IPv6 ones; the pcap command fixes both.

Scapy 2.5 leaves the high 32 bits of an extended sequence number out of the ESP HMAC (it only
adds them for AH), contrary to RFC 4303 section 2.2.1. For null-sha256 with ESN this script
therefore lets Scapy build and parse the ESP packet with NULL authentication and computes the
ICV with Python's hmac module over the packet followed by the high bits.
"""
import hashlib
import hmac
import struct
import sys

from scapy.layers.inet import IP, TCP, UDP
from scapy.layers.inet6 import IPv6
from scapy.utils import wrpcap
from scapy.layers.ipsec import ESP, SecurityAssociation, IPSecIntegrityError
from scapy.packet import Raw

SRC, DST = "192.0.2.1", "192.0.2.2"


def make_sa(alg, key, spi, esn, seq_high):
    kw = dict(spi=spi, esn_en=esn, esn=seq_high)
    if alg == "null-sha256":
        if esn:
            return SecurityAssociation(ESP, crypt_algo="NULL", crypt_key=None,
                                       auth_algo="NULL", auth_key=None, **kw)
        return SecurityAssociation(ESP, crypt_algo="NULL", crypt_key=None,
                                   auth_algo="SHA2-256-128", auth_key=key, **kw)
    if alg in ("aes128gcm16", "aes256gcm16"):
        return SecurityAssociation(ESP, crypt_algo="AES-GCM", crypt_key=key,
                                   auth_algo="NULL", auth_key=None, **kw)
    raise SystemExit("unknown algorithm " + alg)


def manual_hmac(alg, esn):
    return alg == "null-sha256" and esn


def seal(alg, key, spi, seq64, esn, nh, payload):
    seq_high, seq_low = seq64 >> 32, seq64 & 0xFFFFFFFF
    sa = make_sa(alg, key, spi, esn, seq_high)
    pkt = IP(src=SRC, dst=DST, proto=nh) / Raw(payload)
    iv = struct.pack("!Q", seq64) if alg != "null-sha256" else None
    out = sa.encrypt(pkt, seq_num=seq_low, iv=iv)
    esp = bytes(out[ESP])
    if manual_hmac(alg, esn):
        esp += hmac.new(key, esp + struct.pack("!L", seq_high), hashlib.sha256).digest()[:16]
    return esp


def open_(alg, key, seq_high, esn, esp):
    spi = struct.unpack("!L", esp[:4])[0]
    sa = make_sa(alg, key, spi, esn, seq_high)
    if manual_hmac(alg, esn):
        body, icv = esp[:-16], esp[-16:]
        want = hmac.new(key, body + struct.pack("!L", seq_high), hashlib.sha256).digest()[:16]
        if not hmac.compare_digest(icv, want):
            return None
        esp = body
    pkt = IP(bytes(IP(src=SRC, dst=DST, proto=50) / ESP(esp)))
    encrypted = pkt[ESP]
    # The steps of SecurityAssociation._decrypt_esp up to the decrypted payload, without
    # dissecting the payload as a TCP header.
    try:
        sa.check_spi(pkt)
        sa.auth_algo.verify(encrypted, sa.auth_key)
        icv_size = sa.crypt_icv_size or sa.crypt_algo.icv_size or sa.auth_algo.icv_size
        plain = sa.crypt_algo.decrypt(sa, encrypted, sa.crypt_key, icv_size,
                                      esn_en=esn, esn=seq_high)
    except IPSecIntegrityError:
        return None
    return plain.nh, bytes(plain.data)


def write_pcap(path, alg, key, spi, count):
    packets = []
    for i in range(1, count + 1):
        kind = i % 3
        nat_t = UDP(sport=4500, dport=4500) if kind != 0 else None
        kw = dict(spi=spi, nat_t_header=nat_t)
        if alg == "null-sha256":
            sa = SecurityAssociation(ESP, crypt_algo="NULL", crypt_key=None,
                                     auth_algo="SHA2-256-128", auth_key=key, **kw)
        else:
            sa = SecurityAssociation(ESP, crypt_algo="AES-GCM", crypt_key=key,
                                     auth_algo="NULL", auth_key=None, **kw)
        if kind == 2:
            ip = IPv6(src="2001:db8::1", dst="2001:db8::2")
        else:
            ip = IP(src=SRC, dst=DST)
        inner = ip / TCP(sport=179, dport=40000 + i, flags="A") / Raw(b"BGP" * i)
        iv = struct.pack("!Q", i) if alg != "null-sha256" else None
        sealed = bytearray(bytes(sa.encrypt(inner, seq_num=i, iv=iv)))
        if nat_t is not None and kind == 1:
            # Scapy 2.5 leaves the UDP length of IPv4 NAT-T packets at 8 (the header alone);
            # set it to cover the ESP packet (the checksum is zero, RFC 3948 2.1).
            ihl = (sealed[0] & 0x0F) * 4
            struct.pack_into("!H", sealed, ihl + 4, len(sealed) - ihl)
        if nat_t is not None and kind == 2:
            # ... and a zero UDP checksum into IPv6 ones, where it is mandatory (RFC 8200 8.1).
            reparsed = IPv6(bytes(sealed))
            del reparsed[UDP].chksum
            sealed = bytearray(bytes(reparsed))
        packets.append(bytes(sealed))
    wrpcap(path, packets, linktype=101)


def main(argv):
    cmd = argv[1]
    if cmd == "seal":
        alg, key, spi, seq, esn, nh, payload = argv[2:9]
        esp = seal(alg, bytes.fromhex(key), int(spi, 0), int(seq, 0), esn == "1", int(nh),
                   bytes.fromhex(payload))
        print(esp.hex())
    elif cmd == "open":
        alg, key, seq_high, esn, esp = argv[2:7]
        try:
            res = open_(alg, bytes.fromhex(key), int(seq_high, 0), esn == "1", bytes.fromhex(esp))
        except Exception as e:  # noqa: BLE001 - any failure to open is a failure
            print("FAIL " + type(e).__name__)
            return 0
        print("FAIL" if res is None else "OK %d %s" % (res[0], res[1].hex()))
    elif cmd == "pcap":
        path, alg, key, spi, count = argv[2:7]
        write_pcap(path, alg, bytes.fromhex(key), int(spi, 0), int(count))
    else:
        raise SystemExit("unknown command " + cmd)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
