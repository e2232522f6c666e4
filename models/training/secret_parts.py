"""What the secret scorer judges in a value, before any model runs: the Python twin of
server/src/core/secrets/secretParts.ts (read it for the why). Training, evaluation and the model card go through
it, so the card measures what the product does; test/model/shipped.test.ts checks that both give the same parts on
every evaluation row (eval.jsonl records them)."""
import json
import os

from featurize import js_regex

HERE = os.path.dirname(os.path.abspath(__file__))
PUBLIC_VALUES_FILE = os.path.join(HERE, "..", "..", "server", "src", "core", "secrets", "publicValues.json")

with open(PUBLIC_VALUES_FILE, encoding="utf-8") as _f:
    _LIST = json.load(_f)
PUBLIC_VALUES = {v["value"]: v["what"] for v in _LIST["values"]}
PUBLIC_PATTERNS = [(js_regex(p["pattern"]), p["what"]) for p in _LIST["patterns"]]

# the same pattern as URL_CREDENTIAL in server/src/core/secrets/secretValues.ts
URL_CREDENTIAL = js_regex(r"""[A-Za-z][A-Za-z0-9+.-]{0,30}://([^\s:/@'"`]{1,256}):([^\s/@'"`]{1,1024})@[A-Za-z0-9_.-]+""")
CREDENTIAL_PARAMETER = js_regex(r"""(?:^|[?&;])[ \t]*([Pp]assword|PASSWORD|[Pp]wd|PWD|[Pp]asswd|AccountKey|SharedAccessKey)[ \t]*=[ \t]*([^;&\s'"]{1,1024})""")
ALREADY_A_PART = {"url-credential", "cli-flag"}


def public_value(value):
    if value in PUBLIC_VALUES:
        return PUBLIC_VALUES[value]
    if len(value) > 1024:
        return None
    for rx, what in PUBLIC_PATTERNS:
        if rx.search(value):
            return what
    return None


def secret_parts(value, name, context):
    """[{value, name, context, offset, publicAs?}] as secretParts() in TypeScript."""
    parts = []
    if context not in ALREADY_A_PART:
        for m in URL_CREDENTIAL.finditer(value):
            offset = m.start() + m.group(0).index(":" + m.group(2) + "@") + 1
            parts.append({"value": m.group(2), "name": m.group(1), "context": "url-credential", "offset": offset})
        for m in CREDENTIAL_PARAMETER.finditer(value):
            offset = m.end() - len(m.group(2))
            if any(p["offset"] == offset for p in parts):
                continue
            parts.append({"value": m.group(2), "name": m.group(1).lower(), "context": "cli-flag", "offset": offset})
        parts.sort(key=lambda p: p["offset"])
    if not parts:
        parts.append({"value": value, "name": name, "context": context, "offset": 0})
    whole = public_value(value)
    for p in parts:
        what = whole if whole is not None else public_value(p["value"])
        if what is not None:
            p["publicAs"] = what
    return parts
