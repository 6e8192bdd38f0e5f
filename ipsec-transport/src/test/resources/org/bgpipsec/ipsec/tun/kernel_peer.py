"""The Linux kernel's TCP as a peer for the interop test: run inside the test's namespace.

server ADDR PORT          accept one connection, read to EOF, close; print RESULT bytes sha256
client ADDR PORT N SEED   connect, send N seeded bytes, shut down writing, read to EOF, close;
                          print RESULT bytes sha256
Any socket error (a reset, a timeout) prints ERROR and exits 1.
"""
import hashlib
import random
import socket
import sys


def server(addr, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(1)
    s.settimeout(120)
    print("LISTENING", flush=True)
    c, _ = s.accept()
    c.settimeout(120)
    h = hashlib.sha256()
    n = 0
    while True:
        b = c.recv(1 << 16)
        if not b:
            break
        h.update(b)
        n += len(b)
    c.close()
    s.close()
    print("RESULT", n, h.hexdigest(), flush=True)


def client(addr, port, total, seed):
    rnd = random.Random(seed)
    c = socket.create_connection((addr, port), timeout=120)
    h = hashlib.sha256()
    sent = 0
    while sent < total:
        b = rnd.randbytes(min(1 << 16, total - sent))
        c.sendall(b)
        h.update(b)
        sent += len(b)
    c.shutdown(socket.SHUT_WR)
    while c.recv(1 << 16):
        pass
    c.close()
    print("RESULT", sent, h.hexdigest(), flush=True)


def main():
    try:
        if sys.argv[1] == "server":
            server(sys.argv[2], int(sys.argv[3]))
        else:
            client(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
    except OSError as e:
        print("ERROR", type(e).__name__, e, flush=True)
        sys.exit(1)


main()
