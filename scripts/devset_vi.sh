#!/usr/bin/env bash
# The Vietnamese news development set (see scripts/devset_vi.py): fetch
# the Underthesea News Corpus at a fixed commit (GPL-3.0; its text is not
# part of this project), build the pages into target/devset-vi, and score
# keeping every line, the rules alone and the line model on both variants
# (scripts/devset_score.sh).
#
#   scripts/devset_vi.sh
set -euo pipefail
cd "$(dirname "$0")/.."
commit=cbdb3c3ac065d49bd047dc55ad173181f9e846e3
corpus=target/corpus/resources/CP_Vietnamese-UNC/corpus/CP_Vietnamese-UNC
if [ ! -d "$corpus" ]; then
  rm -rf target/corpus-git
  git clone -q --filter=blob:none --no-checkout https://github.com/undertheseanlp/resources target/corpus-git
  git -C target/corpus-git archive "$commit" resources/CP_Vietnamese-UNC/corpus/CP_Vietnamese-UNC \
    | (mkdir -p target/corpus && tar -x -C target/corpus)
fi
python3 scripts/devset_vi.py "$corpus" target/devset-vi
scripts/devset_score.sh target/devset-vi
