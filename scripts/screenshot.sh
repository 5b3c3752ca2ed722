#!/usr/bin/env bash
# Renders the report in headless Chromium (Debian's `chromium` package)
# and checks that it draws: the report of the seeds and, when
# ../shared/eval is beside the project, of every development page, each
# checked by tests/check_report.py, then screenshots of the overview and
# of one document's lines, each failing the script if Chromium draws
# nothing (a blank page compresses to some 6 KB).
#
#   scripts/screenshot.sh [OUTDIR]   (default docs/: report-overview.png, report-document.png)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs}
mkdir -p "$out" target/report
cargo build --release -q
bin=target/release/deboiler
inputs=(seeds)
[ -d ../shared/eval ] && inputs+=(../shared/eval/*/input-full)
$bin report -q "${inputs[@]}" --glob '!*.gold.txt' -o target/report/report.html
python3 tests/check_report.py target/report/report.html
$bin report -q seeds --glob '!*.gold.txt' -o target/report/seeds.html
python3 tests/check_report.py target/report/seeds.html
# One document alone: the seed that kept the least of its characters.
sed 's#</style>#body > :not(section.doc), section.doc:not(\#doc-1) { display: none; }\n</style>#' \
  target/report/seeds.html > target/report/document.html
shot() {  # URL-less file, PNG, height
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --window-size=1280,"$3" --screenshot="$2" "file://$PWD/$1" 2>/dev/null
  local size
  size=$(stat -c %s "$2")
  if [ "$size" -lt 20000 ]; then
    echo "screenshot.sh: $2: $size bytes: Chromium drew nothing" >&2
    exit 1
  fi
  echo "$2: $size bytes"
}
shot target/report/seeds.html "$out/report-overview.png" 1500
shot target/report/document.html "$out/report-document.png" 1100
