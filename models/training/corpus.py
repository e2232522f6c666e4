"""Shared-corpus loading and the row-level mapping of risky rows to the eight categories.

The shared corpus (../shared/model-data/commands.jsonl, override with DRYDOCK_MODEL_DATA) labels rows only 0/1
with a `group` (ATT&CK technique id for atomic-red-team, page for PayloadsAllTheThings). Many of its risky rows
are set-up/clean-up noise (`rm /tmp/x`, `echo "starting warmup"`) or non-shell code fragments (C, Rust, Java,
Dart lines of multi-line payloads). `map_risky` gives each risky row a category only when the row itself carries
evidence of that category (a keyword/structure rule below) and the category is plausible for its technique;
everything else is dropped and counted (reason recorded) in the model card.

Benign corpus rows (tldr, nl2bash) that document attack-capable tools in a way that matches the same strong
evidence rules (e.g. tldr's `nc -e`, `nsenter --target 1`, `curl … | sh`) are dropped from benign TRAINING
(not relabelled), also counted in the card: they would teach the model that the evidence is benign.
"""
import json
import os
import re

LABELS = ["benign", "reverse-shell", "remote-code-execution", "cryptomining", "credential-access",
          "obfuscated-execution", "defence-evasion", "persistence", "container-escape"]

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def corpus_path() -> str:
    p = os.environ.get("DRYDOCK_MODEL_DATA")
    if p:
        return p if p.endswith(".jsonl") else os.path.join(p, "commands.jsonl")
    return os.path.normpath(os.path.join(REPO, "..", "shared", "model-data", "commands.jsonl"))


def load_corpus():
    rows = []
    with open(corpus_path(), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                rows.append(json.loads(line))
    return rows


# Evidence rules, matched case-insensitively. Deliberately broader than the featurizer's 16 flags.
EVIDENCE = {
    "reverse-shell": r"/dev/(tcp|udp)/|\b(nc|ncat|netcat)\b[^|;]*\s-[a-z]*[ec]\b|\bsocat\b.*\b(exec|system):"
                     r"|fsockopen|tcpsocket|tcpserver|io::socket|socket\(s,\s*pf_inet|socket\.socket|\.connect\(\("
                     r"|/inet/tcp/|reverse_tcp|shell_reverse|reverse_(python|bash|perl)|\blhost=|mkfifo.*\|\s*(nc|ncat|telnet|openssl)\b"
                     r"|telnet\b.*\|\s*/bin/(ba)?sh|s_client\s+-quiet|socket\.tcp\(\)|net\.dial\(|pty\.spawn|new net\.socket"
                     r"|child_process.*\b(nc|sh)\b.*[0-9]{2,5}|socket_create|socket_bind|tcpstream::connect",
    "remote-code-execution": r"\b(curl|wget)\b[^|]*\|\s*(sudo\s+)?(/usr)?(/bin/)?(ba|da|z|k)?sh\b"
                             r"|\b(curl|wget)\b[^|]*\|\s*(sudo\s+)?(python[0-9.]*|perl|ruby|php|node)\b"
                             r"|<\(\s*(curl|wget)|\$\(\s*(curl|wget)|downloadstring|\biwr\b|urlopen\(.*\)\.read\(\)"
                             r"|file_get_contents\(['\"]https?:",
    "cryptomining": r"xmrig|minerd|cpuminer|stratum\+|stratum1\+|--donate-level|nicehash|monero|cryptonight|randomx"
                    r"|ethminer|t-rex|nbminer|lolminer|supportxmr|minexmr|moneroocean|nanopool|2miners|unmineable",
    "credential-access": r"/etc/shadow|/etc/master\.passwd|\.aws/credentials|aws_secret|\.ssh/id_|\bid_rsa\b|\.netrc"
                         r"|\.gnupg|msal_token_cache|accesstokens\.json|gcloud.*(credentials|access_tokens)|\.oci/sessions"
                         r"|security-credentials|api/token|serviceaccount/token|get secrets|mimipenguin|lazagne"
                         r"|grep\b.*\bpass|/proc/[^ ]*/mem\b|\bunshadow\b|\.docker/config\.json|\.kube/config"
                         r"|dump_heap|\.git-credentials|secretsdump|\.pgpass|ec2-get-password-data"
                         r"|curl\b.*-f\s*'?file=@|--post-file|tar\b.*\|.*\bssh\b|dig\b.*\$\(.*base64",
    "obfuscated-execution": r"base64\s+(-d|--decode|-D)|b64decode|base64_decode|decode_base64|frombase64string|xxd\s+-r"
                            r"|\|\s*rev\b|openssl\s+(enc|base64)\s+-d|\{base64,-d\}|\bupx\b|test_upx|\$cmd\b"
                            r"|\$decodecmd|unzip\s+-p|convertto-securestring|xor_decrypt",
    "defence-evasion": r"history\s+-[cdw]|unset\s+histfile|histfile(size)?=|histsize=0|set \+o history|\.bash_history"
                       r"|/var/log/|truncate\s+-s\s*\+?0|\bshred\b|setenforce\s+0|iptables\s+-[fx]|ufw\s+disable|auditctl"
                       r"|ld\.so\.preload|ld_preload|\binsmod\b|\bmodprobe\b|libprocesshider|diamorphine|kill\s+-31"
                       r"|touch\s+-[a-z]*[rtd]\b|\bchflags\b|docker container prune|-json\.log|rm\s+-rf\s+/(\s|$)"
                       r"|\bdate\s+(-s|[0-9])|pam_|sudoers|timestamp_timeout|tty_tickets|chmod\s+[ug]*\+[a-z]*s\b"
                       r"|chmod\s+[42][0-7]{3}\b|setcap\s+cap_setuid|/dev/random\s+bs|/dev/zero\s+bs|/dev/urandom\s+bs"
                       r"|\$'index\\u200d|\(clear\)",
    "persistence": r"crontab|/etc/cron|/var/spool/cron|@reboot|systemctl\s+enable|/etc/systemd/system|/etc/init\.d"
                   r"|update-rc\.d|chkconfig\b.*\bon\b|rc\.local|rc\.common|/rc\.d/|\.bashrc|\.bash_profile|\.zshrc"
                   r"|~/\.profile|/etc/profile|\.bash_logout|~/\.shrc|authorized_keys|useradd\s.*(-o\b|-ou\b|-g 0|-u 0)"
                   r"|\bpw useradd\b.*-g 0|chpasswd|passwd --stdin|pw usermod|ldapadd|update-motd|udev/rules"
                   r"|apt\.conf\.d|alias sudo=|\bservice\s+\S+\s+enable\b",
    "container-escape": r"nsenter|/proc/1/root|docker\.sock|mount\s+/dev/|chroot\s+/(host|mnt)|--privileged|release_agent"
                        r"|\"hostpid\":\s*true|-v\s+/:/|notify_on_release|core_pattern",
}
EVIDENCE_RX = {k: re.compile(v, re.I) for k, v in EVIDENCE.items()}

# ATT&CK technique (or PATT page) -> categories it may take, in priority order.
GROUP_CATEGORIES = {
    "art-T1003": ["credential-access"],
    "art-T1552": ["credential-access"],
    "art-T1555": ["credential-access"],
    "art-T1048": ["credential-access"],          # exfiltration of files: "credential access and exfiltration"
    "art-T1059": ["remote-code-execution", "obfuscated-execution", "reverse-shell"],
    "art-T1105": ["remote-code-execution"],
    "art-T1496": ["cryptomining"],
    "art-T1027": ["obfuscated-execution", "defence-evasion"],
    "art-T1140": ["obfuscated-execution"],
    "art-T1070": ["defence-evasion"],
    "art-T1562": ["defence-evasion"],
    "art-T1014": ["defence-evasion"],            # rootkit
    "art-T1574": ["defence-evasion"],            # ld.so.preload hijack
    "art-T1548": ["defence-evasion"],            # setuid/sudoers abuse (ATT&CK tactic: defence evasion)
    "art-T1556": ["defence-evasion"],            # PAM modification
    "art-T1053": ["persistence"],
    "art-T1543": ["persistence", "obfuscated-execution"],
    "art-T1546": ["persistence"],
    "art-T1098": ["persistence"],
    "art-T1037": ["persistence", "obfuscated-execution"],
    "art-T1136": ["persistence"],
    "art-T1611": ["container-escape", "reverse-shell"],
    "patt-Reverse": ["reverse-shell", "remote-code-execution"],
    "patt-Bind": ["reverse-shell"],
    "patt-Linux": ["persistence", "defence-evasion", "reverse-shell"],
}

_PROMPT = re.compile(r"^(\S+@\S+\$\s+|\$\s+)")
# Lines that are fragments of programs in other languages, prose or listener-side set-up, not shell commands.
_NOT_SHELL = re.compile(
    r"^(use |let |int |char |string |fn |import |var |return\b|struct |thread|process|runtime|main\(|socket\.|"
    r"\.|\}|\{|//|#|in |note|victim|listener|ctrl\+|-[a-z] put|-f \. will|https?://|\[|[a-z]+=[^ ]*$|"
    r"client\.|sh\.|cp = |revsockaddr|connect\(|dup2|execve|sizeof|onDone|powershell|iex|\$[a-z]+ = |"
    r"import 'dart|perl: |ruby: |lua: |password: |user@|su: |editor = |pager = |sshcommand = |variant = |"
    r"exec=|type=|name=|autostart|onlyshowin|x-gnome|-var |-x\('|require\('child|\(#a=|powercat|\. \.\\\\)", re.I)


def clean_text(text: str) -> str:
    return _PROMPT.sub("", text.strip())


def map_risky(text: str, group: str):
    """-> (category or None, reason)"""
    t = clean_text(text)
    if len(t) < 6:
        return None, "too short"
    if _NOT_SHELL.search(t):
        return None, "not a shell command (code fragment, prose, listener side, config text)"
    cats = GROUP_CATEGORIES.get(group)
    if cats is None:
        return None, "technique not mapped to a category (%s)" % group
    for c in cats:
        if EVIDENCE_RX[c].search(t):
            return c, "group+evidence"
    return None, "no evidence of the technique's category in the line itself (set-up, clean-up, recon)"


def risky_evidence(text: str):
    """categories whose strong evidence appears in a (benign-labelled) line"""
    strong = ["reverse-shell", "remote-code-execution", "cryptomining", "container-escape"]
    return [c for c in strong if EVIDENCE_RX[c].search(text)]
