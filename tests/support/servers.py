# SPDX-License-Identifier: MIT
"""Loopback servers for the CRL tests.

Scripted servers (in-process threads) play fault modes from tables;
real servers (dnsmasq, Python's http.server, slapd) are started as
processes for the normal path.  Every server binds 127.0.0.1 on a port
the kernel chooses (or one found free), is stopped by its PID or its
thread, and every loop here is bounded in count and time.
"""
import base64
import os
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOOPBACK = "127.0.0.1"


def free_port(kind=socket.SOCK_STREAM, host=LOOPBACK):
    """A port free on host (127.0.0.1 or ::1) now (for servers that cannot
    report theirs)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, kind) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------- DNS

class ScriptedDNS:
    """UDP DNS server on 127.0.0.1:0 answering from a table.

    table: name -> one of
      ("A", ["127.0.0.1", ...])     A records (AAAA queries get NOERROR, no data)
      ("AAAA", ["::1"])             AAAA only
      ("SRV", [(prio, weight, port, "target.example"), ...])
      "NXDOMAIN" | "SERVFAIL" | "REFUSED"
      "SILENT"                      never answers
      "GARBAGE"                     answers bytes that are no DNS message
      "TRUNCATED"                   TC bit set, no answers (and no TCP)
      ("CNAME", "target")           a CNAME only (point it at itself: a loop)
    Names not in the table get NXDOMAIN.
    """

    def __init__(self, table, host=LOOPBACK, port=0):
        self.table = {k.lower().rstrip("."): v for k, v in table.items()}
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((host, port))
        self.sock.settimeout(0.2)
        self.host = host
        self.port = self.sock.getsockname()[1]
        self.queries = 0
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()

    @property
    def addr(self):
        return f"{self.host}:{self.port}"

    def _run(self):
        deadline = time.monotonic() + 600  # bounded whatever happens
        while not self._stop.is_set() and time.monotonic() < deadline and \
                self.queries < 100000:
            try:
                data, peer = self.sock.recvfrom(4096)
            except socket.timeout:
                continue
            except OSError:
                return
            self.queries += 1
            reply = self._answer(data)
            if reply is not None:
                self.sock.sendto(reply, peer)

    @staticmethod
    def _qname(data):
        labels, i = [], 12
        while i < len(data) and data[i]:
            n = data[i]
            labels.append(data[i + 1:i + 1 + n].decode("ascii", "replace"))
            i += 1 + n
        return ".".join(labels).lower(), i + 1

    def _answer(self, data):
        if len(data) < 12:
            return None
        qid = data[:2]
        name, end = self._qname(data)
        qtype = struct.unpack("!H", data[end:end + 2])[0]
        question = data[12:end + 4]
        what = self.table.get(name, "NXDOMAIN")

        def msg(rcode, answers=b"", count=0, tc=False):
            flags = 0x8180 | rcode | (0x0200 if tc else 0)
            return qid + struct.pack("!HHHHH", flags, 1, count, 0, 0) + \
                question + answers

        if what == "SILENT":
            return None
        if what == "GARBAGE":
            return qid + b"\xff\xff this is not DNS"
        if what == "TRUNCATED":
            return msg(0, tc=True)
        if what in ("NXDOMAIN", "SERVFAIL", "REFUSED"):
            return msg({"NXDOMAIN": 3, "SERVFAIL": 2, "REFUSED": 5}[what])
        kind, addrs = what
        if kind == "CNAME":
            name = b"".join(bytes([len(p)]) + p.encode()
                            for p in addrs.split(".")) + b"\0"
            rr = struct.pack("!HHHIH", 0xC00C, 5, 1, 60, len(name)) + name
            return msg(0, rr, 1)
        want = {1: "A", 28: "AAAA", 33: "SRV"}.get(qtype)
        if want != kind:
            return msg(0)
        rr = b""
        if kind == "SRV":
            for prio, weight, port, target in addrs:
                name = b"".join(bytes([len(p)]) + p.encode()
                                for p in target.split(".")) + b"\0"
                rdata = struct.pack("!HHH", prio, weight, port) + name
                rr += struct.pack("!HHHIH", 0xC00C, 33, 1, 60, len(rdata)) + rdata
            return msg(0, rr, len(addrs))
        for a in addrs:
            rdata = socket.inet_pton(socket.AF_INET if kind == "A"
                                     else socket.AF_INET6, a)
            rr += struct.pack("!HHHIH", 0xC00C, qtype, 1, 60, len(rdata)) + rdata
        return msg(0, rr, len(addrs))

    def stop(self):
        self._stop.set()
        self._t.join(5)
        self.sock.close()


class Dnsmasq:
    """A real DNS server: dnsmasq in the foreground on loopback."""

    def __init__(self, domain, records):
        self.port = free_port(socket.SOCK_DGRAM)
        args = ["dnsmasq", "--no-daemon", f"--port={self.port}",
                f"--listen-address={LOOPBACK}", "--bind-interfaces",
                "--no-resolv", "--no-hosts", f"--local=/{domain}/",
                "--conf-file=/dev/null", "--pid-file="]
        args += [f"--host-record={n},{a}" for n, a in records.items()]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE)
        wait_udp(self.port, self.proc)

    @property
    def addr(self):
        return f"{LOOPBACK}:{self.port}"

    def stop(self):
        stop_pid(self.proc)


def wait_udp(port, proc, seconds=10):
    """Waits until something answers a DNS query on port (bounded)."""
    q = b"\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x04test\x00\x00\x01\x00\x01"
    deadline = time.monotonic() + seconds
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(0.2)
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited: {proc.stderr.read()!r}")
            s.sendto(q, (LOOPBACK, port))
            try:
                s.recvfrom(512)
                return
            except socket.timeout:
                continue
    raise RuntimeError(f"nothing answers on udp port {port}")


def wait_tcp(port, proc, seconds=10, host=LOOPBACK):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError("server exited early")
        try:
            socket.create_connection((host, port), 0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on tcp port {port}")


def stop_pid(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


# ---------------------------------------------------------------- HTTP

class ScriptedHTTP:
    """HTTP server on 127.0.0.1:0 playing a table: path -> behaviour.

    ("file", NAME)          200 with the bytes of DIR/NAME
    ("status", CODE)        that status, a short body
    ("redirect", LOCATION)  302 to LOCATION
    ("html",)               200 text/html (a captive portal)
    ("hang", SECONDS)       accepts, sends nothing for SECONDS
    ("endless", CL)         200, streams zeros until the client goes (at
                            most 10 s or 512 MiB); with a Content-Length
                            header when CL
    ("trickle", NAME)       the file one byte every 0.2 s
    ("skewed", NAME, SECS)  the file with a Date header SECS off
    ("bytes", DATA, CTYPE)  200 with DATA as CTYPE
    A POST (an OCSP request) plays its path's behaviour too.
    ("headers", BYTES)      a status line, then BYTES of header lines, then
                            the end of the headers and a short body
    ("headers-hang", SECS)  a status line and one header, then nothing for
                            SECS: headers that never end
    """

    def __init__(self, directory, table, tls=None, port=0):
        """tls: (certfile, keyfile) to serve https; port 0: the kernel's."""
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def date_time_string(self, timestamp=None):
                return super().date_time_string(
                    (timestamp or time.time()) + getattr(self, "skew", 0))

            def do_GET(self):
                outer.requests += 1
                path = self.path.split("?")[0]
                if self.command == "GET":
                    outer.gets.append(path)
                # an OCSP GET (RFC 6960 A.1.1) is its responder's path
                # and the request: played as the responder's path
                if path not in outer.table and "/" in path[1:]:
                    path = path.rsplit("/", 1)[0]
                how = outer.table.get(path, ("status", 404))
                try:
                    outer.play(self, how)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def do_POST(self):
                """An OCSP request: its body kept (outer.posted), then the
                path's behaviour, as for GET."""
                n = int(self.headers.get("Content-Length", "0"))
                outer.posted.append((self.path, self.headers.get(
                    "Content-Type"), self.rfile.read(min(n, 65536))))
                self.do_GET()

        self.dir = directory
        self.table = table
        self.requests = 0
        self.posted = []  # (path, content type, body) of each POST
        self.gets = []  # the path of each GET
        self.httpd = ThreadingHTTPServer((LOOPBACK, port), Handler)
        self.httpd.daemon_threads = True
        if tls:
            import ssl
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(*tls)
            self.httpd.socket = ctx.wrap_socket(self.httpd.socket,
                                                server_side=True)
        self.port = self.httpd.server_address[1]
        self._t = threading.Thread(target=self.httpd.serve_forever,
                                   kwargs={"poll_interval": 0.1}, daemon=True)
        self._t.start()

    def play(self, h, how):
        kind = how[0]

        def body(code, data, ctype="application/pkix-crl", extra=()):
            h.send_response(code)
            h.send_header("Content-Type", ctype)
            h.send_header("Content-Length", str(len(data)))
            for k, v in extra:
                h.send_header(k, v)
            h.end_headers()
            h.wfile.write(data)

        if kind == "file":
            body(200, open(os.path.join(self.dir, how[1]), "rb").read())
        elif kind == "status":
            body(how[1], b"no such CRL\n", "text/plain")
        elif kind == "redirect":
            body(302, b"", "text/plain", [("Location", how[1])])
        elif kind == "html":
            body(200, b"<html><body>Please log in</body></html>\n", "text/html")
        elif kind == "hang":
            time.sleep(how[1])
        elif kind == "endless":
            h.send_response(200)
            h.send_header("Content-Type", "application/pkix-crl")
            if how[1]:
                h.send_header("Content-Length", str(1 << 40))
            else:
                h.send_header("Connection", "close")
            h.end_headers()
            chunk, sent, end = b"\0" * 65536, 0, time.monotonic() + 10
            while sent < (512 << 20) and time.monotonic() < end:
                h.wfile.write(chunk)
                sent += len(chunk)
        elif kind == "trickle":
            data = open(os.path.join(self.dir, how[1]), "rb").read()
            h.send_response(200)
            h.send_header("Content-Length", str(len(data)))
            h.end_headers()
            end = time.monotonic() + 10
            for b in data:
                if time.monotonic() > end:
                    break
                h.wfile.write(bytes([b]))
                h.wfile.flush()
                time.sleep(0.2)
        elif kind == "headers":
            h.wfile.write(b"HTTP/1.1 200 OK\r\n")
            line = b"X-Filler: " + b"a" * 1000 + b"\r\n"
            for _ in range(how[1] // len(line)):
                h.wfile.write(line)
            h.wfile.write(b"Content-Length: 2\r\n\r\nok")
            h.close_connection = True
        elif kind == "headers-hang":
            h.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: yes\r\n")
            h.wfile.flush()
            time.sleep(how[1])
            h.close_connection = True
        elif kind == "bytes":
            body(200, how[1], how[2])
        elif kind == "skewed":
            h.skew = how[2]
            body(200, open(os.path.join(self.dir, how[1]), "rb").read())

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self._t.join(5)


class RealHTTP:
    """A real HTTP server: Python's http.server as its own process."""

    def __init__(self, directory, host=LOOPBACK):
        self.host = host
        self.port = free_port(host=host)
        self.proc = subprocess.Popen(
            ["python3", "-m", "http.server", str(self.port), "--bind",
             host, "--directory", directory],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_tcp(self.port, self.proc, host=host)

    def url(self, path):
        h = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{h}:{self.port}{path}"

    def stop(self):
        stop_pid(self.proc)


# ---------------------------------------------------------------- LDAP

class Slapd:
    """A private slapd on loopback holding one CRL entry."""

    SUFFIX = "dc=corp,dc=test"

    def __init__(self, port, crl_der):
        self.dir = tempfile.mkdtemp(prefix="certcheck-slapd-")
        db = os.path.join(self.dir, "db")
        os.mkdir(db)
        self.port = port
        conf = os.path.join(self.dir, "slapd.conf")
        with open(conf, "w") as f:
            f.write(f"""include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile {self.dir}/slapd.pid
sizelimit unlimited
database mdb
suffix "{self.SUFFIX}"
rootdn "cn=admin,{self.SUFFIX}"
rootpw secret
directory {db}
maxsize 268435456
access to * by * read
""")
        self.proc = subprocess.Popen(
            ["slapd", "-d", "0", "-f", conf, "-h", f"ldap://{LOOPBACK}:{self.port}/"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_tcp(self.port, self.proc)
        ldif = (f"dn: {self.SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\n"
                f"o: corp\ndc: corp\n\n"
                f"dn: cn=CA,{self.SUFFIX}\nobjectClass: cRLDistributionPoint\ncn: CA\n"
                f"certificateRevocationList;binary:: {base64.b64encode(crl_der).decode()}\n")
        subprocess.run(["ldapadd", "-x", "-H", f"ldap://{LOOPBACK}:{self.port}/",
                        "-D", f"cn=admin,{self.SUFFIX}", "-w", "secret"],
                       input=ldif.encode(), check=True, capture_output=True,
                       timeout=30)

    @classmethod
    def url(cls, port):
        return (f"ldap://{LOOPBACK}:{port}/cn=CA,{cls.SUFFIX}"
                "?certificateRevocationList;binary?base")

    def add_many(self, n, crl_der):
        """n entries under ou=many, each with the CRL: an answer of n
        entries for a subtree search."""
        b64 = base64.b64encode(crl_der).decode()
        parts = [f"dn: ou=many,{self.SUFFIX}\nobjectClass: organizationalUnit\n"
                 "ou: many\n"]
        for i in range(n):
            parts.append(f"dn: cn=ca{i},ou=many,{self.SUFFIX}\n"
                         f"objectClass: cRLDistributionPoint\ncn: ca{i}\n"
                         f"certificateRevocationList;binary:: {b64}\n")
        subprocess.run(["ldapadd", "-x", "-H", f"ldap://{LOOPBACK}:{self.port}/",
                        "-D", f"cn=admin,{self.SUFFIX}", "-w", "secret"],
                       input="\n".join(parts).encode(), check=True,
                       capture_output=True, timeout=300)

    def stop(self):
        stop_pid(self.proc)
        shutil.rmtree(self.dir, ignore_errors=True)


def have(tool):
    return shutil.which(tool) is not None
