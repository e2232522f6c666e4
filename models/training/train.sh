#!/usr/bin/env bash
# Reproducible training of Drydock's models (issue 5): `npm run train` or `bash models/training/train.sh`.
# Uses Debian's python3-torch/onnx/sklearn/numpy through /usr/bin/python3 (the `python3` first on PATH may be a
# pyenv interpreter that cannot see Debian's dist-packages). Installs them with apt-get when missing (needs root).
# Corpus: ../shared/model-data/commands.jsonl relative to the repository; override with DRYDOCK_MODEL_DATA
# (a commands.jsonl path or the folder holding it). Extra arguments go to train.py
# (--only cmd-risk|secret-scorer, --no-reverse, --out DIR).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
PY=/usr/bin/python3

if ! [ -x "$PY" ] || ! "$PY" -c 'import torch, onnx, sklearn, numpy' >/dev/null 2>&1; then
  echo "[train.sh] installing Debian packages: python3 python3-torch python3-onnx python3-sklearn python3-numpy" >&2
  if [ "$(id -u)" -ne 0 ]; then
    echo "[train.sh] not root: run 'apt-get install -y --no-install-recommends python3-torch python3-onnx python3-sklearn python3-numpy' as root first" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends python3 python3-torch python3-onnx python3-sklearn python3-numpy
fi

data="${DRYDOCK_MODEL_DATA:-$repo/../shared/model-data/commands.jsonl}"
[ -d "$data" ] && data="$data/commands.jsonl"
if ! [ -f "$data" ]; then
  echo "[train.sh] corpus not found at $data (set DRYDOCK_MODEL_DATA)" >&2
  exit 1
fi
export DRYDOCK_MODEL_DATA="$data"
export PYTHONHASHSEED=0 PYTHONDONTWRITEBYTECODE=1 OMP_NUM_THREADS=2 MKL_NUM_THREADS=2
cd "$repo"
start=$(date +%s)
"$PY" "$here/train.py" "$@"
echo "[train.sh] done in $(( $(date +%s) - start )) s; artifacts in models/cmd-risk and models/secret-scorer" >&2
