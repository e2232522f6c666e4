"""Featurizer `drydock-hash-v2` (see models/README.md and the model spec): v1 plus secret slot 27.

This file is the Python half of a contract whose TypeScript half lives in the server; golden vectors
(models/<name>/golden.json) prove that both produce the same vectors. Change nothing here without
bumping the featurizer id.

Portability notes (Python `re` vs JavaScript `RegExp`):
- the spec's regexes are written for JS without flags. They are translated here so Python matches exactly
  what JS matches: `\\s` becomes JS's whitespace class, an unescaped `.` becomes `[^\\n\\r\\u2028\\u2029]`,
  `$` (outside classes) becomes `\\Z` (Python's `$` would also match before a final newline), and the
  patterns are compiled with re.ASCII so `\\b` uses ASCII word characters as JS does.
- features are hashed from their UTF-8 bytes; a lone surrogate (possible in JSON input) is encoded as
  U+FFFD, which is what TextEncoder does in JS.
"""
import math
import re
import zlib

import numpy as np

FEATURIZER = "drydock-hash-v2"  # v1 + secret slot 27 (the name's last word names a kind of ordinary value)
# Commands are featurized identically by v1 and v2; cmd-risk names v1, the oldest id that produces its vectors.
CMD_FEATURIZER = "drydock-hash-v1"
CMD_HASH_DIM = 4096
CMD_FLAG_DIM = 16
CMD_DIM = CMD_HASH_DIM + CMD_FLAG_DIM  # 4112
CMD_MAX_CHARS = 400

SEC_VALUE_DIM = 1024
SEC_NAME_DIM = 256
SEC_ENG_DIM = 64
SEC_DIM = SEC_VALUE_DIM + SEC_NAME_DIM + SEC_ENG_DIM  # 1344
SEC_MAX_VALUE = 256
SEC_MAX_NAME = 128

CONTEXTS = ["dockerfile-env", "dockerfile-arg", "k8s-env", "compose-env", "url-credential", "cli-flag", "other"]

_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


def ascii_lower(s: str) -> str:
    return s.translate(_LOWER)


_SURROGATE = re.compile("[\ud800-\udfff]")


def h(feature: str) -> int:
    try:
        b = feature.encode("utf-8")
    except UnicodeEncodeError:
        b = _SURROGATE.sub("\ufffd", feature).encode("utf-8")
    return zlib.crc32(b) & 0xFFFFFFFF


# --- JS-compatible regex translation -------------------------------------------------------------
_JS_WS = "\t\n\x0b\x0c\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"


def js_regex(pattern: str) -> "re.Pattern[str]":
    out = []
    i = 0
    in_class = False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            nxt = pattern[i + 1]
            if nxt == "s":
                out.append(_JS_WS if in_class else "[" + _JS_WS + "]")
            elif nxt == "S":
                if in_class:
                    raise ValueError("\\S inside a class is not supported")
                out.append("[^" + _JS_WS + "]")
            elif nxt in "dDwW":
                raise ValueError("use explicit ASCII classes, not \\" + nxt)
            else:
                out.append(c + nxt)
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
            out.append(c)
        elif c == "[":
            in_class = True
            out.append(c)
            if pattern[i + 1] == "^":  # keep a leading ^ (and a literal ] right after it) inside the class
                out.append("^")
                i += 1
            if pattern[i + 1] == "]":
                out.append("\\]")
                i += 1
        elif c == ".":
            out.append("[^\n\r\u2028\u2029]")
        elif c == "$":
            out.append(r"\Z")
        else:
            out.append(c)
        i += 1
    return re.compile("".join(out), re.ASCII)


CMD_FLAG_PATTERNS = [
    r"\|\s*(sudo\s+)?(ba|da|z|k|c)?sh(\s|$)",
    r"/dev/(tcp|udp)/",
    r"https?://[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+",
    r"base64\s+(-d|--decode|-D)",
    r"(base64\s+(-d|--decode|-D)|xxd\s+-r|openssl\s+(enc|base64)\s+-d)[^|]*\|\s*(sudo\s+)?(ba|da|z|k)?sh",
    r"(\bnc|ncat|netcat)\s.*-(e|c)\s|socat\s.*exec",
    r"(^|[\s;&|])eval\s",
    r"(curl|wget)\s",
    r"chmod\s+(\+x|[0-7]*[1357][0-7]*\s)",
    r"crontab|/etc/cron|systemctl\s+enable|/etc/rc\.local|\.bashrc|/etc/profile",
    r"history\s+-c|unset\s+histfile|histfile=/dev/null|/var/log/|setenforce\s+0|iptables\s+-f",
    r"stratum\+(tcp|ssl)|xmrig|minerd|cpuminer|--donate-level|nicehash|monero",
    r"\.aws/credentials|aws_secret|\.ssh/(id_|authorized_keys)|/etc/shadow|\.docker/config\.json|\.kube/config",
    r"nsenter|/proc/1/root|docker\.sock|mount\s+/dev/|chroot\s+/host|--privileged|cgroup.*release_agent",
    r"(python[0-9.]*|perl|ruby|php|node|lua)\s+-(c|e|r)\s",
    r"(^|[\s;&|])(ba|da|z|k)?sh\s+-c\s|(^|[\s;&|])(ba|da|z|k)?sh\s+-i",
]
CMD_FLAG_NAMES = [
    "pipe-into-shell", "dev-tcp", "ip-literal-url", "base64-decode", "decoded-into-shell", "netcat-exec",
    "eval", "downloader", "chmod-exec", "persistence-location", "defence-evasion", "mining",
    "credential-location", "container-escape", "inline-interpreter", "shell-c",
]
CMD_FLAGS = [js_regex(p) for p in CMD_FLAG_PATTERNS]

_DIGITS = re.compile("[0-9]+")
_WORD = re.compile("[a-z0-9_./:$@=+-]+")


def _finish_block(counts: dict, offset: int, out: dict) -> None:
    """log1p then L2 over one hashed block; writes {index: float64} into out."""
    if not counts:
        return
    vals = {i: math.log1p(c) for i, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vals.values()))
    if norm == 0:
        return
    for i, v in vals.items():
        out[offset + i] = v / norm


def _add(counts: dict, feature: str, dim: int) -> None:
    i = h(feature) % dim
    counts[i] = counts.get(i, 0) + 1


def cmd_sparse(text: str) -> dict:
    """Sparse cmd-risk vector {index: float64}."""
    text = text[:CMD_MAX_CHARS]
    t = ascii_lower(text)
    n = _DIGITS.sub("0", t)
    counts: dict = {}
    s = "\u0002" + n + "\u0003"
    for k in (3, 4, 5):
        for j in range(len(s) - k + 1):
            _add(counts, "c" + str(k) + ":" + s[j:j + k], CMD_HASH_DIM)
    toks = _WORD.findall(n)
    for tok in toks:
        _add(counts, "w:" + tok, CMD_HASH_DIM)
    for a, b in zip(toks, toks[1:]):
        _add(counts, "b:" + a + " " + b, CMD_HASH_DIM)
    out: dict = {}
    _finish_block(counts, 0, out)
    for f, rx in enumerate(CMD_FLAGS):
        if rx.search(t):
            out[CMD_HASH_DIM + f] = 1.0
    return out


def cmd_flags(text: str) -> list:
    t = ascii_lower(text[:CMD_MAX_CHARS])
    return [CMD_FLAG_NAMES[f] for f, rx in enumerate(CMD_FLAGS) if rx.search(t)]


# --- secret-scorer ---------------------------------------------------------------------------------
PLACEHOLDER_WORDS = ["changeme", "change_me", "example", "placeholder", "your_", "your-", "dummy", "sample", "test",
                     "xxx", "todo", "redacted", "secret_here", "password_here", "fixme"]
SECRET_PREFIXES = ["ghp_", "gho_", "github_pat_", "glpat-", "xoxb-", "xoxp-", "sk_live_", "rk_live_", "AKIA", "ASIA",
                   "AIza", "npm_", "eyJ", "-----BEGIN"]
NAME_WORDS = ["pass", "pwd", "secret", "token", "key", "cred", "auth", "api"]
VALUE_KIND_WORDS = {"sha", "sha1", "sha256", "sha512", "md5", "checksum", "digest", "commit", "fingerprint", "version", "ver", "tag", "release",
                    "ref", "rev", "revision", "id", "uuid", "url", "uri", "endpoint", "host", "hostname", "domain", "port", "path", "dir", "file", "region", "zone", "level", "mode", "timeout",
                    "lang", "locale", "tz", "image", "arch", "user", "username", "email", "name"}
BOOLISH = {"true", "false", "yes", "no", "on", "off", "none", "null"}

RX_BRACKET = js_regex(r"^<[^>]*>$|^\[[^\]]*\]$")
RX_PATH = js_regex(r"^(/|\./|~/)")
RX_SCHEME = js_regex(r"^[a-z][a-z0-9+.-]*://")
RX_VERSION = js_regex(r"^v?[0-9]+(\.[0-9]+){1,3}([-+][0-9a-z.]+)?$")
RX_HEX = js_regex(r"^(sha256:|sha1:)?[0-9a-f]{32,128}$")
RX_UUID = js_regex(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
RX_NAME_SPLIT = re.compile("[a-z0-9]+")


def _is_lower(c):
    return "a" <= c <= "z"


def _is_upper(c):
    return "A" <= c <= "Z"


def _is_digit(c):
    return "0" <= c <= "9"


def name_tokens(name: str) -> list:
    name = name[:SEC_MAX_NAME]
    name_l = ascii_lower(name)
    toks = []
    cur = []
    for i, c in enumerate(name_l):
        if i > 0 and _is_lower(name[i - 1]) and _is_upper(name[i]) and cur:
            toks.append("".join(cur))
            cur = []
        if _is_lower(c) or _is_digit(c):
            cur.append(c)
        elif cur:
            toks.append("".join(cur))
            cur = []
    if cur:
        toks.append("".join(cur))
    return toks


def secret_engineered(value: str, name: str, context: str) -> list:
    value = value[:SEC_MAX_VALUE]
    name = name[:SEC_MAX_NAME]
    n = len(value)
    lv = ascii_lower(value)
    name_l = ascii_lower(name)
    e = [0.0] * SEC_ENG_DIM
    e[0] = min(n, 256) / 256
    if n:
        freq: dict = {}
        for c in value:
            freq[c] = freq.get(c, 0) + 1
        ent = 0.0
        for k in freq.values():
            p = k / n
            ent -= p * math.log2(p)
        e[1] = ent / 8
        lo = sum(1 for c in value if _is_lower(c))
        up = sum(1 for c in value if _is_upper(c))
        dg = sum(1 for c in value if _is_digit(c))
        e[2], e[3], e[4], e[5] = lo / n, up / n, dg / n, (n - lo - up - dg) / n
        e[15] = 1.0 if (lo == n or up == n or dg == n) else 0.0
        e[17] = len(freq) / n
    e[6] = 1.0 if ("${" in value or "$(" in value or "{{" in value or value.startswith("$")) else 0.0
    e[7] = 1.0 if RX_BRACKET.search(value) else 0.0
    e[8] = 1.0 if any(w in lv for w in PLACEHOLDER_WORDS) else 0.0
    e[9] = 1.0 if RX_PATH.search(value) else 0.0
    e[10] = 1.0 if RX_SCHEME.search(lv) else 0.0
    e[11] = 1.0 if RX_VERSION.search(value) else 0.0
    e[12] = 1.0 if RX_HEX.search(value) else 0.0
    e[13] = 1.0 if RX_UUID.search(value) else 0.0
    e[14] = 1.0 if any(value.startswith(p) for p in SECRET_PREFIXES) else 0.0
    e[16] = 1.0 if (lv in BOOLISH or (0 < n <= 6 and all(_is_digit(c) for c in value))) else 0.0
    e[18] = 1.0 if " " in value else 0.0
    e[19] = 1.0 if any(w in name_l for w in NAME_WORDS) else 0.0
    if context in CONTEXTS:
        e[20 + CONTEXTS.index(context)] = 1.0
    tokens = name_tokens(name)
    e[27] = 1.0 if tokens and tokens[-1] in VALUE_KIND_WORDS else 0.0
    return e


def secret_sparse(value: str, name: str, context: str) -> dict:
    value = value[:SEC_MAX_VALUE]
    name = name[:SEC_MAX_NAME]
    out: dict = {}
    counts: dict = {}
    s = "\u0002" + value + "\u0003"
    for k in (2, 3, 4):
        for j in range(len(s) - k + 1):
            _add(counts, "v" + str(k) + ":" + s[j:j + k], SEC_VALUE_DIM)
    _finish_block(counts, 0, out)
    counts = {}
    for tok in name_tokens(name):
        _add(counts, "n:" + tok, SEC_NAME_DIM)
    _add(counts, "nc:" + context, SEC_NAME_DIM)
    _finish_block(counts, SEC_VALUE_DIM, out)
    for i, v in enumerate(secret_engineered(value, name, context)):
        if v != 0.0:
            out[SEC_VALUE_DIM + SEC_NAME_DIM + i] = v
    return out


def to_dense(sparse_rows: list, dim: int) -> np.ndarray:
    x = np.zeros((len(sparse_rows), dim), dtype=np.float32)
    for r, sp in enumerate(sparse_rows):
        if sp:
            idx = np.fromiter(sp.keys(), dtype=np.int64, count=len(sp))
            x[r, idx] = np.fromiter(sp.values(), dtype=np.float64, count=len(sp)).astype(np.float32)
    return x


def sparse_record(sp: dict) -> tuple:
    """(indices, values) as stored in golden.json: sorted indices, float32 values."""
    idx = sorted(sp)
    return idx, [float(np.float32(sp[i])) for i in idx]
