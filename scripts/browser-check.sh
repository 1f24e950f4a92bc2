#!/usr/bin/env bash
# The explorer page in a real browser: installs Debian's chromium and chromium-driver (apt-get, as
# root) and Selenium (PyPI) when they are missing, serves a folder with two iris models, a curve
# between them, their training logs and one's training path with `landscape serve` on a free port, runs scripts/browser-test.py against it
# (screenshots into a scratch folder, or SHOTS), and stops the server.
#
#   scripts/browser-check.sh [BINARY]
#
# BINARY defaults to the release build. Exit status 0 when every check of the page holds.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-$(swift build -c release --show-bin-path)/landscape}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
repo=$(pwd)

if ! command -v chromium > /dev/null || ! command -v chromedriver > /dev/null; then
    echo "installing chromium and chromium-driver"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver > /dev/null
fi
if ! python3 -c "import selenium" 2> /dev/null; then
    echo "installing selenium"
    python3 -m pip install --quiet selenium || python3 -m pip install --quiet --break-system-packages selenium
fi

work=$(mktemp -d /tmp/landscape-browser.XXXXXX)
server=
cleanup() {
    [ -n "$server" ] && kill "$server" 2> /dev/null && wait "$server" 2> /dev/null
    rm -rf "$work"
}
trap cleanup EXIT

mkdir "$work/models"
cp "$repo/datasets/iris.csv" "$work/models/"
(cd "$work/models" && "$bin" train --data iris.csv --split 0.8 --hidden 8 --epochs 30 --track-sharpness 8 --log iris-log.csv --save-iterates iris-path.json --out iris.json > /dev/null 2>&1 \
    && "$bin" train --data iris.csv --split 0.8 --hidden 8 --epochs 30 --lr 0.05 --batch 8 --log iris-b-log.csv --out iris-b.json > /dev/null 2>&1 \
    && "$bin" connect --from iris.json --to iris-b.json --data iris.csv --split 0.8 --epochs 5 --out iris-curve.json > /dev/null 2>&1)
"$bin" serve --port 0 --no-browser --models "$work/models" > "$work/serve.out" 2> "$work/serve.err" &
server=$!
for _ in $(seq 100); do
    url=$(head -n 1 "$work/serve.out" 2> /dev/null || true)
    [ -n "$url" ] && break
    sleep 0.1
done
[ -n "$url" ] || { echo "browser-check: landscape serve printed no URL"; cat "$work/serve.err"; exit 1; }
echo "serving at ${url%%\?*}"
python3 scripts/browser-test.py --url "$url" --binary "$bin" --models "$work/models" --screenshots "${SHOTS:-$work/screenshots}"
