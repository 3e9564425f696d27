# SPDX-License-Identifier: MIT
"""Two strongSwan charon daemons, a gateway and a road warrior, each in a
network namespace of the test's own making, joined by a veth pair:
198.18.0.1 (gateway) and 198.18.0.2 (road warrior), addresses of the
benchmarking range (RFC 2544) that exist only inside these namespaces.

Both daemons run at a fixed time through libfaketime (the time certcheck
is given with --at), with their own strongswan.conf, VICI socket, swanctl
folder and file log, each under `unshare -m` with a /run of its own (charon
writes /run/charon.pid whatever it is told). Every process is killed by
the PID it was started with; the namespaces are removed at the end, also
when a step fails.
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import time

CHARON = "/usr/lib/ipsec/charon"
SWANCTL = "/usr/sbin/swanctl"
STARTER = "usr/lib/ipsec/starter"  # strongswan-starter's, for ipsec.conf
FAKETIME_LIB = "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1"
GW_ADDR, RW_ADDR = "198.18.0.1", "198.18.0.2"
PLUGINS = ("random nonce openssl kdf pem pkcs1 pkcs8 x509 revocation "
           "constraints pubkey curl kernel-netlink socket-default vici")


def missing():
    """Why the lab cannot run here, or None."""
    if os.geteuid() != 0:
        return "not root: network namespaces need CAP_SYS_ADMIN"
    for path in (CHARON, SWANCTL, FAKETIME_LIB, "/usr/sbin/ip",
                 "/usr/bin/unshare"):
        if not os.path.exists(path):
            return f"{path} is missing (apt-get install strongswan-charon " \
                   "strongswan-swanctl libcharon-extra-plugins faketime)"
    probe = f"ccprobe{os.getpid()}"
    r = subprocess.run(["ip", "netns", "add", probe], capture_output=True,
                       text=True)
    if r.returncode:
        return "cannot create a network namespace: " + r.stderr.strip()
    subprocess.run(["ip", "netns", "del", probe], check=False)
    return None


def starter(build, scratch):
    """The root strongSwan's starter is under ("/" when installed, else the
    build folder's starter/, where scripts/setup.sh unpacks its package:
    installed, it would start a system service), or why the ipsec.conf
    gateway cannot run here, as (root, None) or (None, why).  Starter
    needs /etc under an overlay (Starter.start): tried in a throwaway
    mount namespace, on a folder of scratch."""
    root = next((r for r in ("/", os.path.join(build, "starter"))
                 if os.path.exists(os.path.join(r, STARTER))), None)
    if not root:
        return None, "no strongSwan starter (scripts/setup.sh unpacks it)"
    ov = os.path.join(scratch, "overlay-probe")
    os.makedirs(ov, exist_ok=True)
    r = subprocess.run(
        ["unshare", "-m", "sh", "-c",
         f"mount -t tmpfs tmpfs {ov} && mkdir {ov}/u {ov}/w && "
         f"mount -t overlay overlay -o lowerdir=/etc,upperdir={ov}/u,"
         f"workdir={ov}/w /etc"], capture_output=True, text=True)
    if r.returncode:
        return None, "no overlay mount over /etc: " + r.stderr.strip()
    return root, None


def run(*cmd, check=True, timeout=30):
    return subprocess.run(list(cmd), capture_output=True, text=True,
                          check=check, timeout=timeout)


class Pair:
    """The two namespaces and the veth pair between them."""

    def __init__(self, tag):
        self.gw, self.rw = f"ccgw{tag}", f"ccrw{tag}"
        self.made = []

    def __enter__(self):
        for ns in (self.gw, self.rw):
            run("ip", "netns", "add", ns)
            self.made.append(ns)
            run("ip", "-n", ns, "link", "set", "lo", "up")
        run("ip", "link", "add", "ccv0", "netns", self.gw, "type", "veth",
            "peer", "name", "ccv1", "netns", self.rw)
        run("ip", "-n", self.gw, "addr", "add", GW_ADDR + "/24", "dev", "ccv0")
        run("ip", "-n", self.rw, "addr", "add", RW_ADDR + "/24", "dev", "ccv1")
        run("ip", "-n", self.gw, "link", "set", "ccv0", "up")
        run("ip", "-n", self.rw, "link", "set", "ccv1", "up")
        return self

    def __exit__(self, *exc):
        for ns in self.made:
            run("ip", "netns", "del", ns, check=False)
        return False


STRONGSWAN_CONF = """charon {{
  load_modular = no
  load = {plugins}
  install_routes = no
  install_virtual_ip = no
  retransmit_tries = 2
  retransmit_timeout = 1.0
  {extra}
  plugins {{
    vici {{
      socket = unix://{d}/charon.vici
    }}
    revocation {{
      enable_ocsp = {ocsp}
    }}
    curl {{
      timeout = 3
    }}
  }}
  filelog {{
    lab {{
      path = {d}/charon.log
      default = 1
      ike = 2
      cfg = 2
      lib = 2
      ike_name = yes
      flush_line = yes
    }}
  }}
}}
"""


class Daemon:
    """What the lab's daemons share: a log file in folder d, and a stop by
    PID (SIGTERM, then SIGKILL after 5 s)."""
    logname = ""

    def log(self):
        try:
            with open(os.path.join(self.d, self.logname),
                      errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Charon(Daemon):
    """One charon daemon in namespace ns, configured from folder d."""
    logname = "charon.log"

    def __init__(self, ns, d, faketime, extra="", ocsp=False):
        """extra: more lines of strongswan.conf's charon section; ocsp:
        the revocation plugin asks OCSP responders (strongSwan's default;
        off in the lab unless a scenario serves one)."""
        self.ns, self.d, self.faketime, self.extra = ns, d, faketime, extra
        self.ocsp = "yes" if ocsp else "no"
        self.proc = None

    def start(self):
        os.makedirs(os.path.join(self.d, "run"), exist_ok=True)
        with open(os.path.join(self.d, "strongswan.conf"), "w") as f:
            f.write(STRONGSWAN_CONF.format(plugins=PLUGINS, d=self.d,
                                           extra=self.extra, ocsp=self.ocsp))
        env = dict(os.environ, STRONGSWAN_CONF=os.path.join(
            self.d, "strongswan.conf"),
            SWANCTL_DIR=os.path.join(self.d, "swanctl"),
            LD_PRELOAD=FAKETIME_LIB, FAKETIME=self.faketime,
            FAKETIME_DONT_RESET="1")
        # ip netns exec, unshare and sh each exec the next: the PID kept
        # is charon's
        self.proc = subprocess.Popen(
            ["ip", "netns", "exec", self.ns, "unshare", "-m", "sh", "-c",
             f"mount --bind {self.d}/run /run && exec {CHARON}"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        sock = os.path.join(self.d, "charon.vici")
        for _ in range(100):
            if os.path.exists(sock):
                return
            if self.proc.poll() is not None:
                raise RuntimeError(f"charon in {self.ns} exited: "
                                   + self.log()[-2000:])
            time.sleep(0.05)
        raise RuntimeError(f"charon in {self.ns} made no VICI socket")

    def swanctl(self, *args, timeout=30):
        env = dict(os.environ, SWANCTL_DIR=os.path.join(self.d, "swanctl"),
                   STRONGSWAN_CONF=os.path.join(self.d, "strongswan.conf"))
        return subprocess.run(
            ["ip", "netns", "exec", self.ns, SWANCTL] + list(args) +
            ["--uri", f"unix://{self.d}/charon.vici"],
            capture_output=True, text=True, env=env, timeout=timeout)


class Starter(Charon):
    """A gateway configured by ipsec.conf: strongSwan's starter reads
    d/ipsec.conf and loads its conns into the charon it starts, over the
    stroke socket.  Charon's compiled-in /etc/ipsec.d and
    /etc/ipsec.secrets are d's, bind-mounted in a mount namespace of its
    own (with /run, as for Charon)."""

    def __init__(self, ns, d, faketime, root, extra=""):
        """root: starter's (starter()); an unpacked package's stroke
        plugin joins charon's plugin folder too."""
        super().__init__(ns, d, faketime, extra)
        self.root = root

    def start(self, conns=()):
        """conns: the names starter must have added before this returns."""
        os.makedirs(os.path.join(self.d, "run"), exist_ok=True)
        with open(os.path.join(self.d, "strongswan.conf"), "w") as f:
            f.write(STRONGSWAN_CONF.format(plugins=PLUGINS + " stroke",
                                           d=self.d, extra=self.extra,
                                           ocsp=self.ocsp))
        env = dict(os.environ, STRONGSWAN_CONF=os.path.join(
            self.d, "strongswan.conf"),
            LD_PRELOAD=FAKETIME_LIB, FAKETIME=self.faketime,
            FAKETIME_DONT_RESET="1")
        # /etc under an overlay of this namespace only (its upper layer on
        # a tmpfs): /etc/ipsec.d and /etc/ipsec.secrets become links to
        # d's, whether the machine has them or not
        ov = os.path.join(self.d, "etc-overlay")
        os.makedirs(ov, exist_ok=True)
        setup = " && ".join([
            f"mount --bind {self.d}/run /run",
            f"mount -t tmpfs tmpfs {ov}",
            f"mkdir {ov}/up {ov}/work",
            f"mount -t overlay overlay -o lowerdir=/etc,upperdir={ov}/up,"
            f"workdir={ov}/work /etc",
            "rm -rf /etc/ipsec.d /etc/ipsec.secrets",
            f"ln -s {self.d}/ipsec.d /etc/ipsec.d",
            f"ln -s {self.d}/ipsec.secrets /etc/ipsec.secrets"])
        plugins = "/usr/lib/ipsec/plugins"
        if self.root != "/":
            setup += (f" && mount -t overlay overlay -o lowerdir="
                      f"{self.root}{plugins}:{plugins} {plugins}")
        self.proc = subprocess.Popen(
            ["ip", "netns", "exec", self.ns, "unshare", "-m", "sh", "-c",
             f"{setup} && exec {os.path.join(self.root, STARTER)} "
             f"--nofork --conf {self.d}/ipsec.conf"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # bounded: 200 looks, 10 s
        for _ in range(200):
            log = self.log()
            if all(f"added configuration '{c}'" in log for c in conns) \
                    and os.path.exists(os.path.join(self.d, "run",
                                                    "charon.ctl")):
                return
            if self.proc.poll() is not None:
                raise RuntimeError(f"starter in {self.ns} exited: "
                                   + log[-2000:])
            time.sleep(0.05)
        raise RuntimeError(f"starter in {self.ns} loaded not all of "
                           f"{list(conns)}: " + self.log()[-6000:])


PLUTO = "usr/libexec/ipsec/pluto"


def libreswan(build):
    """The root libreswan's pluto is under: the build folder's libreswan/,
    where scripts/setup.sh unpacks its package (Debian's conflicts with
    strongSwan's, so it is never installed beside charon), or why the
    libreswan gateway cannot run here, as (root, None) or (None, why)."""
    root = os.path.join(build, "libreswan")
    if not os.path.exists(os.path.join(root, PLUTO)):
        return None, "no libreswan (scripts/setup.sh unpacks it)"
    r = subprocess.run([os.path.join(root, PLUTO), "--version"],
                       capture_output=True, text=True)
    if r.returncode or "Libreswan 4" not in r.stdout:
        return None, "pluto does not run: " + (r.stderr or r.stdout)[-300:]
    if not shutil.which("certutil") or not shutil.which("pk12util"):
        return None, "no certutil and pk12util (libnss3-tools)"
    return root, None


class Pluto(Daemon):
    """libreswan's pluto as the gateway in namespace ns, from the unpacked
    package at root (its /usr/libexec over the machine's, in a mount
    namespace of its own), configured by d/ipsec.conf, its certificates
    in the NSS database d/nss: the gateway's under the nickname gw (key
    and all, through PKCS#12), the CAs given trusted.  Its log (plutodebug
    base: the choice of conn, "rhc:") is d/pluto.log."""

    logname = "pluto.log"

    def __init__(self, ns, d, faketime, root):
        self.ns, self.d, self.faketime, self.root = ns, d, faketime, root
        self.proc, self.logf = None, None

    def nss(self, own_cert, own_key, cacerts):
        db = f"sql:{self.d}/nss"
        os.makedirs(os.path.join(self.d, "nss"), exist_ok=True)
        run("certutil", "-N", "-d", db, "--empty-password")
        p12 = os.path.join(self.d, "gw.p12")
        run("openssl", "pkcs12", "-export", "-in", own_cert, "-inkey",
            own_key, "-name", "gw", "-out", p12, "-passout", "pass:")
        run("pk12util", "-i", p12, "-d", db, "-W", "")
        for ca in cacerts:
            run("certutil", "-A", "-d", db, "-n",
                os.path.basename(ca), "-t", "CT,,", "-a", "-i", ca)
        return os.path.join(self.d, "nss")

    def _in_ns(self, cmd):
        return ["ip", "netns", "exec", self.ns, "unshare", "-m", "sh", "-c",
                f"mount --bind {self.root}/usr/libexec /usr/libexec && "
                f"exec {cmd}"]

    def start(self):
        rundir = os.path.join(self.d, "run")
        os.makedirs(rundir, exist_ok=True)
        with open(os.path.join(self.d, "ipsec.secrets"), "w"):
            pass
        env = dict(os.environ, LD_PRELOAD=FAKETIME_LIB,
                   FAKETIME=self.faketime, FAKETIME_DONT_RESET="1")
        self.logf = open(os.path.join(self.d, "pluto.log"), "w")
        self.proc = subprocess.Popen(
            self._in_ns(f"/{PLUTO} --nofork --stderrlog --config "
                        f"{self.d}/ipsec.conf --nssdir {self.d}/nss "
                        f"--rundir {rundir} --secretsfile "
                        f"{self.d}/ipsec.secrets --ipsecdir {self.d}"),
            env=env, stdout=self.logf, stderr=self.logf)
        # pluto runs addconn --autoall itself (a second run would load the
        # conns again, in another order): ready when it listens and its
        # log has been still for half a second; bounded: 200 looks, 10 s
        last, still = "", 0
        for _ in range(200):
            if self.proc.poll() is not None:
                raise RuntimeError("pluto exited: " + self.log()[-2000:])
            log = self.log()
            still = still + 1 if log == last else 0
            last = log
            if "listening for IKE messages" in log and still >= 10:
                return
            time.sleep(0.05)
        raise RuntimeError("pluto did not settle: " + self.log()[-2000:])

    def stop(self):
        super().stop()
        if self.logf:
            self.logf.close()


def _place(d, subs, own_cert, own_key, cacerts, certs=()):
    """Makes d's folders subs (own certificates, CAs, private keys, CRLs)
    and copies the gateway's or peer's files into them."""
    cert_d, ca_d, key_d = (os.path.join(d, s) for s in subs[:3])
    for sub in subs:
        os.makedirs(os.path.join(d, sub), exist_ok=True)
    shutil.copy(own_cert, os.path.join(cert_d, "own.pem"))
    shutil.copy(own_key, os.path.join(key_d, "own.key"))
    for f, to in [(ca, ca_d) for ca in cacerts] + [(c, cert_d) for c in certs]:
        shutil.copy(f, os.path.join(to, os.path.basename(f)))


def ipsec_dir(d, own_cert, own_key, cacerts, conf, key_type="ECDSA"):
    """ipsec.conf, ipsec.secrets and ipsec.d/ (certs/, cacerts/,
    private/, crls/) in d, as a gateway's /etc holds them."""
    _place(d, ("ipsec.d/certs", "ipsec.d/cacerts", "ipsec.d/private",
               "ipsec.d/crls"), own_cert, own_key, cacerts)
    with open(os.path.join(d, "ipsec.secrets"), "w") as f:
        f.write(f": {key_type} own.key\n")
    with open(os.path.join(d, "ipsec.conf"), "w") as f:
        f.write(conf)


def swanctl_dir(d, own_cert, own_key, cacerts, conf, certs=()):
    """A swanctl folder: own certificate and key, trusted CAs (x509ca/),
    other end-entity certificates the config names (x509/), config."""
    s = os.path.join(d, "swanctl")
    _place(s, ("x509", "x509ca", "private", "x509crl"), own_cert, own_key,
           cacerts, certs)
    with open(os.path.join(s, "swanctl.conf"), "w") as f:
        f.write(conf)


def verdict(gw_log, rw_log):
    """What charon decided: ("up", line), ("gateway", line) when the
    gateway refused, ("peer", line) when the road warrior did, or
    ("none", "") when neither log says."""
    refusals = [
        r"no issuer certificate found for .*",
        r"subject certificate invalid .*",
        r"certificate was revoked on .*",
        r"constraint check failed: .*",
        r"rejecting certificate without digitalSignature.*",
        r"no trusted \w+ public key found for .*",
        r"no matching peer config found.*",
        r"signature validation failed.*",
        r"issuer certificate .* not found.*",
        r"no private key found for .*",
    ]

    def first(log):
        for line in log.splitlines():
            for pat in refusals:
                m = re.search(pat, line)
                if m:
                    return m.group(0).strip()
        return None

    g, r = first(gw_log), first(rw_log)
    if g:
        return "gateway", g
    if r:
        return "peer", r
    m = re.search(r"IKE_SA \S+ established between .*", rw_log)
    if m and "AUTHENTICATION_FAILED" not in rw_log:
        return "up", m.group(0)
    return "none", ""


def resolv_conf(pair, remove=False):
    """Both namespaces resolve with the gateway's test dnsmasq (Dns) on
    its loopback; in the road warrior's namespace nothing listens there:
    no lookup of a test ever leaves the namespaces."""
    for ns in (pair.gw, pair.rw):
        d = os.path.join("/etc/netns", ns)
        if remove:
            shutil.rmtree(d, ignore_errors=True)
            continue
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "resolv.conf"), "w") as f:
            f.write("nameserver 127.0.0.1\n")


class CrlServer:
    """python3's http.server on the gateway's side of the veth pair
    (198.18.0.1:8081), serving folder d; killed by its PID."""

    def __init__(self, ns, d):
        self.ns, self.d, self.proc = ns, d, None

    def __enter__(self):
        self.proc = subprocess.Popen(
            ["ip", "netns", "exec", self.ns, sys.executable, "-u", "-m",
             "http.server", "8081", "--bind", GW_ADDR, "--directory",
             self.d], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True)
        # "Serving HTTP on 198.18.0.1 port 8081 ..." once it listens
        line = self.proc.stdout.readline()
        if "Serving" not in line:
            self.__exit__()
            raise RuntimeError(f"the CRL server did not start: {line!r}")
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()
        return False


class OcspServer:
    """openssl ocsp as the responder on the gateway's side (198.18.0.1:8083,
    in its namespace: it binds every address), from folder d's index.txt,
    signing with d's ocsp-signer.pem, at the lab's time (libfaketime).
    Ready on its own word ("waiting for OCSP client connections": a bare
    probe of its port would wedge it); stopped by its PID."""

    def __init__(self, ns, d, faketime):
        self.ns, self.d, self.faketime, self.proc = ns, d, faketime, None

    def __enter__(self):
        env = dict(os.environ, LD_PRELOAD=FAKETIME_LIB,
                   FAKETIME=self.faketime, FAKETIME_DONT_RESET="1")
        self.proc = subprocess.Popen(
            ["ip", "netns", "exec", self.ns, "openssl", "ocsp", "-index",
             "index.txt", "-CA", "ca.pem", "-rsigner", "ocsp-signer.pem",
             "-rkey", "ocsp-signer.key", "-port", "8083", "-nmin", "60"],
            cwd=self.d, env=env, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True)
        for _ in range(20):  # bounded: 20 lines
            line = self.proc.stderr.readline()
            if not line or "waiting for OCSP client connections" in line:
                break
        if self.proc.poll() is not None or "waiting" not in line:
            self.__exit__()
            raise RuntimeError(f"openssl ocsp did not start: {line!r}")
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(5)
        self.proc.stderr.close()
        return False


class Dns:
    """dnsmasq in the gateway's namespace on its loopback, the resolver
    both namespaces' resolv.conf names (resolv_conf()): crl.lab.test is
    198.18.0.1; every other name under .test is NXDOMAIN; nothing is
    forwarded anywhere."""

    def __init__(self, ns, records=()):
        """records: more (name, address) host records, in order."""
        self.ns, self.proc, self.records = ns, None, records

    def __enter__(self):
        self.proc = subprocess.Popen(
            ["ip", "netns", "exec", self.ns, "dnsmasq", "--no-daemon",
             "--port=53", "--listen-address=127.0.0.1", "--bind-interfaces",
             "--no-resolv", "--no-hosts", "--local=/test/",
             f"--host-record=crl.lab.test,{GW_ADDR}"] +
            [f"--host-record={n},{a}" for n, a in self.records] +
            ["--conf-file=/dev/null", "--pid-file=", "--log-facility=-"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for _ in range(20):
            line = self.proc.stderr.readline()
            if not line or "started" in line:
                break
        if self.proc.poll() is not None or "started" not in line:
            self.__exit__()
            raise RuntimeError(f"dnsmasq did not start: {line!r}")
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(5)
        self.proc.stderr.close()
        return False


HANG = """
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], 8082))
s.listen(16)
print("listening", flush=True)
held = []
deadline = time.monotonic() + 120
while time.monotonic() < deadline:
    s.settimeout(1)
    try:
        held.append(s.accept()[0])
    except socket.timeout:
        pass
"""


class HangServer:
    """A CRL server that accepts and never answers (198.18.0.1:8082):
    the gateway's fetch times out. Bounded: it exits after 120 s."""

    def __init__(self, ns):
        self.ns, self.proc = ns, None

    def __enter__(self):
        self.proc = subprocess.Popen(
            ["ip", "netns", "exec", self.ns, sys.executable, "-c", HANG,
             GW_ADDR], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True)
        if "listening" not in self.proc.stdout.readline():
            self.__exit__()
            raise RuntimeError("the hanging server did not start")
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.proc.stdout.close()
        return False
