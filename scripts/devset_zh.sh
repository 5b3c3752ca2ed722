#!/usr/bin/env bash
# The Chinese news development set (see scripts/devset_zh.py): fetch three
# days of the Apple Daily Corpus at a fixed commit (CC BY 4.0 as its README
# states; its text is not part of this project), build the pages into
# target/devset-zh, and score keeping every line, the rules alone and the
# line model on both variants (scripts/devset_score.sh). CORPUS names a
# folder that already holds the three files.
#
#   scripts/devset_zh.sh
set -euo pipefail
cd "$(dirname "$0")/.."
commit=4c2ab989ebdc6c351d2fecd4a2395b9248c4548e
corpus=${CORPUS:-target/corpus/apple-daily}
for day in 20200615 20210301 20210601; do
  if [ ! -f "$corpus/$day.csv" ]; then
    mkdir -p "$corpus"
    curl -fsSL -o "$corpus/$day.csv" \
      "https://raw.githubusercontent.com/alex-the-man/apple-daily-corpus/$commit/corpus/$day.csv"
  fi
done
rm -rf target/devset-zh
python3 scripts/devset_zh.py "$corpus" target/devset-zh
scripts/devset_score.sh target/devset-zh
