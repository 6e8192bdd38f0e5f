#!/usr/bin/python3
"""Turns the output of capture-strongswan.sh into test vector files for the ike module.

For each suite directory: the datagrams, the pre-shared key, and the secrets charon logged at
level 4 on the initiator (g^ir, SKEYSEED, SK_*), as "name = hex" lines.
Usage: extract-vectors.py CAPTURE_DIR PSK OUTPUT_DIR
"""
import os
import re
import sys

LABELS = {
    "shared Diffie Hellman secret": "gir",
    "SKEYSEED": "skeyseed",
    "Sk_d secret": "sk_d",
    "Sk_ai secret": "sk_ai",
    "Sk_ar secret": "sk_ar",
    "Sk_ei secret": "sk_ei",
    "Sk_er secret": "sk_er",
    "Sk_pi secret": "sk_pi",
    "Sk_pr secret": "sk_pr",
}


def dumps(log_path):
    """Yields (label, hex) for every '%B' dump in a charon log."""
    label, data, remaining = None, "", 0
    with open(log_path) as log:
        for line in log:
            m = re.search(r"\[\w+\] (.+?) => (\d+) bytes @", line)
            if m:
                label, data, remaining = m.group(1), "", int(m.group(2))
                if remaining == 0:
                    yield label, ""
                continue
            m = re.search(r"\[\w+\]\s+\d+: ((?:[0-9A-F]{2} ?)+)", line)
            if label and m and remaining > 0:
                octets = m.group(1).split()
                data += "".join(octets).lower()
                remaining -= len(octets)
                if remaining <= 0:
                    yield label, data
                    label = None


def main(capture, psk, output):
    os.makedirs(output, exist_ok=True)
    for suite in sorted(os.listdir(capture)):
        d = os.path.join(capture, suite)
        secrets = {}
        for label, data in dumps(os.path.join(d, "initiator.log")):
            if label in LABELS and LABELS[label] not in secrets:
                secrets[LABELS[label]] = data
        with open(os.path.join(d, "messages.txt")) as f:
            messages = [line.split() for line in f if line.strip()]
        with open(os.path.join(output, suite + ".txt"), "w") as out:
            out.write("# strongSwan 5.9.8 charon <-> charon on loopback, captured by\n")
            out.write("# interop/ike/capture-strongswan.sh; secrets from the initiator's log.\n")
            out.write("suite = %s\n" % suite)
            out.write("psk = %s\n" % psk.encode().hex())
            for i, (direction, payload) in enumerate(messages):
                out.write("message%d = %s %s\n" % (i, direction, payload))
            for key in LABELS.values():
                out.write("%s = %s\n" % (key, secrets.get(key, "")))


if __name__ == "__main__":
    main(*sys.argv[1:])
