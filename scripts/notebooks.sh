#!/usr/bin/env bash
# Executes every notebook in notebooks/ headlessly (jupyter nbconvert --execute, TypeScript through
# the tslab kernel) and fails if any cell fails, a type error included.
#
#   scripts/notebooks.sh [--write] [--no-build] [notebooks/NAME.ipynb …]
#   scripts/notebooks.sh --install-kernel
#
# Needs Jupyter on PYTHON (default /usr/bin/python3; Debian: jupyter-nbconvert python3-nbclient
# python3-ipykernel) and the kernel's npm package (npm ci --prefix notebooks). No network: the
# tslab kernel is registered in a temporary directory for this run only. The library is built
# first (npm run build) and notebooks/node_modules/tierwise is linked to this checkout, so the
# notebooks import 'tierwise' exactly as a user of the package does.
#
#   --write           replace each committed notebook that ran without an error by its executed
#                     copy (otherwise the executed copies go to a temporary directory)
#   --no-build        use dist/ as it is
#   --install-kernel  register the kernel for your user (Jupyter, VS Code) and stop
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
python="${PYTHON:-/usr/bin/python3}"
tslab="$root/notebooks/node_modules/.bin/tslab"

write=0 build=1 install_kernel=0
notebooks=()
for a in "$@"; do
  case "$a" in
    --write) write=1 ;;
    --no-build) build=0 ;;
    --install-kernel) install_kernel=1 ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "notebooks.sh: unknown option $a (see --help)" >&2; exit 2 ;;
    *) notebooks+=("$a") ;;
  esac
done

fail() { echo "notebooks.sh: $*" >&2; exit 1; }
[ -x "$python" ] || fail "no Python at $python (set PYTHON=…)"
"$python" -c 'import nbconvert, nbclient, ipykernel' 2>/dev/null ||
  fail "$python lacks Jupyter (Debian: apt-get install -y jupyter-nbconvert python3-nbclient python3-ipykernel)"
[ -x "$tslab" ] || fail "the tslab kernel is not installed: npm ci --prefix notebooks"

if [ "$build" -eq 1 ]; then npm run --silent build; fi
[ -f dist/index.js ] || fail "dist/index.js is missing: npm run build"
ln -sfn ../.. notebooks/node_modules/tierwise

if [ "$install_kernel" -eq 1 ]; then
  "$tslab" install --python="$python" --binary="$tslab" --user
  echo "Registered the TypeScript kernel (tslab) for $(id -un): open notebooks/*.ipynb in Jupyter or VS Code."
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$tslab" install --python="$python" --binary="$tslab" --prefix="$work/kernel" >/dev/null
export JUPYTER_PATH="$work/kernel/share/jupyter"

if [ ${#notebooks[@]} -eq 0 ]; then
  for f in notebooks/*.ipynb; do notebooks+=("$f"); done
fi
[ ${#notebooks[@]} -gt 0 ] || fail "no notebooks in notebooks/"

# Every cell runs (--allow-errors) so a failure report can show the kernel's own message: tslab
# writes a type error to the cell's stderr, which nbconvert's exception leaves out. No per-cell
# timestamps in the outputs (they would change every committed file on every run).
args=(--to notebook --execute --allow-errors --ExecutePreprocessor.timeout=900 --ExecutePreprocessor.record_timing=False --output-dir "$work/out")

# A cell failed when it has an error output or wrote to stderr (the notebooks never do otherwise).
cat >"$work/check.py" <<'PY'
import json, sys
nb = json.load(open(sys.argv[1]))
bad = 0
for k, c in enumerate(nb["cells"]):
    if c["cell_type"] != "code":
        continue
    msgs = []
    for o in c.get("outputs", []):
        if o["output_type"] == "error":
            msgs.append(o.get("ename", "") + ": " + o.get("evalue", ""))
        elif o["output_type"] == "stream" and o.get("name") == "stderr":
            msgs.append("".join(o["text"]))
    if msgs:
        bad += 1
        source = "".join(c["source"]).splitlines()[:8]
        print("  cell %d:" % k)
        print("\n".join("    " + line for line in source))
        print("  error:")
        print("\n".join("    " + line for line in "".join(msgs).rstrip().splitlines()[:20]))
sys.exit(1 if bad else 0)
PY

failed=()
for nb in "${notebooks[@]}"; do
  [ -f "$nb" ] || fail "no such notebook: $nb"
  start=$SECONDS
  out="$work/out/$(basename "$nb")"
  if "$python" -m nbconvert "${args[@]}" "$nb" >"$work/log" 2>&1 && "$python" "$work/check.py" "$out" >"$work/cells"; then
    echo "ok      $nb ($((SECONDS - start)) s)"
    # Only a notebook that ran cleanly replaces the committed one.
    if [ "$write" -eq 1 ]; then cp "$out" "$nb"; fi
  else
    echo "FAILED  $nb ($((SECONDS - start)) s)"
    if [ -s "$work/cells" ]; then cat "$work/cells"; else tail -20 "$work/log"; fi
    failed+=("$nb")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "${#failed[@]} of ${#notebooks[@]} notebooks failed: ${failed[*]}"
  exit 1
fi
echo "${#notebooks[@]} notebooks executed without errors"
