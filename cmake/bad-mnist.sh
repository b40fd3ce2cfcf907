#!/usr/bin/env bash
# Builds a damaged MNIST directory, MNIST-sized where size matters, to check that chapter 06 (and
# nn::load_mnist) refuse it quickly, with a message naming the file, and without a memory blow-up.
# Only POSIX tools and gzip: no Python, no compiler.
#
#   cmake/bad-mnist.sh <kind> <dir>      (re)create <dir> holding the damage <kind>
#   cmake/bad-mnist.sh list              the kinds, one per line
#   cmake/bad-mnist.sh check <kind> <dir> <chapter> <peak_rss>
#                                        build <dir>, run the chapter on it through the peak_rss tool
#                                        (tests/cli/peak_rss.cpp) and fail unless it exits 1 within
#                                        60 s with a message naming the damaged file and the damage,
#                                        using less than PEAK_LIMIT_MB (default 600) of memory (RSS)
#   cmake/bad-mnist.sh measure <chapter> [kind...]
#                                        run the chapter on each kind (default: all) under
#                                        /usr/bin/time -v and print exit code, peak RSS and seconds
#                                        (MEMORY_LIMIT_MB=n: under `ulimit -v`, n MB of address space)
#
# Kinds (the training images are damaged unless the name says otherwise; the other files are
# intact, with 60000 training and 10000 test images, all pixels 0 and all labels 0):
#   bomb             train images .gz (1 MB) whose header declares 1369568 x 28 x 28 and which
#                    inflates to 1.1 GB, with a matching labels .gz: the issue's gzip bomb
#   bomb_in_budget   header declares 60000 x 28 x 28 (the real size), the stream inflates to 1 GB
#   count_mismatch   60000 images, 59999 labels (both plain, payloads complete)
#   truncated_gz     train images .gz cut inside the data
#   no_trailer       train images .gz without its 8-byte CRC/length trailer
#   crc              train images .gz with a wrong CRC-32
#   trailing_gz      train images .gz followed by bytes that are not gzip
#   huge_header      train images declare 4294967295 x 28 x 28 (plain, 100 bytes present)
#   fifo             train labels are a FIFO (named pipe)
#   device           train images are a symbolic link to /dev/zero
#   symlink_loop     train images are a symbolic link in a loop
#   dangling         train images are a symbolic link to a missing file
#   bad_label        the last training label is 10
#   test_truncated   the training set is intact, the test images .gz are cut: the most memory a
#                    damaged directory can cost (the whole training set is loaded first)
#   test_bad_label   the training set is intact, the last test label is 10
#   intact           nothing damaged (to measure a good run's loading)
#   low_memory       nothing damaged, run under `ulimit -v 350` MB (check only): the message names
#                    the file and the 376.3 MB the training images need, not a bare std::bad_alloc
set -euo pipefail

kinds="bomb bomb_in_budget count_mismatch truncated_gz no_trailer crc trailing_gz huge_header fifo
device symlink_loop dangling bad_label test_truncated test_bad_label"

# header <file> <dim>...: an IDX header (00 00 08 ndims, big-endian dims), written fresh
header() {
  local f=$1
  shift
  local s
  s=$(printf '\\000\\000\\010\\%03o' "$#")
  for d in "$@"; do
    s+=$(printf '\\%03o\\%03o\\%03o\\%03o' $(((d >> 24) & 255)) $(((d >> 16) & 255)) $(((d >> 8) & 255)) $((d & 255)))
  done
  printf "$s" >"$f"
}

zeros() { head -c "$1" /dev/zero; }

# idx <file> <payload bytes> <dim>...: a complete plain IDX file of zeros (sparse: no disk writes)
idx() {
  local f=$1 n=$2
  shift 2
  header "$f" "$@"
  truncate -s $((4 + 4 * $# + n)) "$f"
}

# intact_set <dir> <prefix> <n>: images and labels of n examples, plain
intact_set() {
  idx "$1/$2-images-idx3-ubyte" $(($3 * 784)) "$3" 28 28
  idx "$1/$2-labels-idx1-ubyte" "$3" "$3"
}

# gz_of <plain file> <gz file>: the file gzip-compressed
gz_of() { gzip -1 -c "$1" >"$2"; }

# bomb_tail <file> <megabytes>: appends gzip members of zeros that inflate to that many MB
bomb_tail() {
  local member
  member=$(mktemp)
  zeros $((10 * 1024 * 1024)) | gzip -9 -c >"$member"
  for ((i = 0; i < $2 / 10; i++)); do cat "$member"; done >>"$1"
  rm -f "$member"
}

cut_bytes() {  # cut_bytes <file> <bytes to remove from the end>
  local size
  size=$(wc -c <"$1")
  truncate -s $((size - $2)) "$1"
}

make_kind() {
  local kind=$1 dir=$2
  rm -rf "$dir"
  mkdir -p "$dir"
  local tri="$dir/train-images-idx3-ubyte" trl="$dir/train-labels-idx1-ubyte"
  local tei="$dir/t10k-images-idx3-ubyte" tel="$dir/t10k-labels-idx1-ubyte"
  intact_set "$dir" t10k 10000
  case "$kind" in
    intact | low_memory) intact_set "$dir" train 60000 ;;
    bomb)
      header "$dir/h" 1369568 28 28
      gzip -c "$dir/h" >"$tri.gz"
      bomb_tail "$tri.gz" 1100
      header "$dir/l" 1369568
      zeros 1369568 >>"$dir/l"
      gz_of "$dir/l" "$trl.gz"
      rm -f "$dir/h" "$dir/l" ;;
    bomb_in_budget)
      idx "$dir/p" 47040000 60000 28 28
      gz_of "$dir/p" "$tri.gz"
      rm -f "$dir/p"
      bomb_tail "$tri.gz" 1000
      idx "$trl" 60000 60000 ;;
    count_mismatch)
      idx "$tri" 47040000 60000 28 28
      idx "$trl" 59999 59999 ;;
    truncated_gz | no_trailer | crc | trailing_gz)
      intact_set "$dir" train 60000
      gz_of "$tri" "$tri.gz"
      rm -f "$tri"
      case "$kind" in
        truncated_gz) cut_bytes "$tri.gz" 20000 ;;
        no_trailer) cut_bytes "$tri.gz" 8 ;;
        crc)  # the CRC-32 is the 4 bytes before the last 4: overwrite its first byte
          local size
          size=$(wc -c <"$tri.gz")
          printf '\125' | dd of="$tri.gz" bs=1 seek=$((size - 8)) conv=notrunc status=none ;;
        trailing_gz) printf 'this is not gzip' >>"$tri.gz" ;;
      esac ;;
    huge_header)
      header "$tri" 4294967295 28 28
      zeros 100 >>"$tri"
      idx "$trl" 60000 60000 ;;
    fifo)
      idx "$tri" 47040000 60000 28 28
      mkfifo "$trl" ;;
    device)
      ln -s /dev/zero "$tri"
      idx "$trl" 60000 60000 ;;
    symlink_loop)
      ln -s loop-b "$tri"
      ln -s train-images-idx3-ubyte "$dir/loop-b"
      idx "$trl" 60000 60000 ;;
    dangling)
      ln -s no-such-file "$tri"
      idx "$trl" 60000 60000 ;;
    bad_label)
      idx "$tri" 47040000 60000 28 28
      idx "$trl" 59999 60000
      printf '\012' >>"$trl" ;;
    test_truncated)
      intact_set "$dir" train 60000
      gz_of "$tei" "$tei.gz"
      rm -f "$tei"
      cut_bytes "$tei.gz" 20000 ;;
    test_bad_label)
      intact_set "$dir" train 60000
      idx "$tel" 9999 10000
      printf '\012' >>"$tel" ;;
    *) echo "bad-mnist.sh: unknown kind '$kind' (see: bad-mnist.sh list)" >&2; exit 2 ;;
  esac
}

measure() {
  local chapter=$1
  shift
  local list=("$@")
  [[ ${#list[@]} -eq 0 ]] && read -r -a list <<<"$(echo $kinds)"
  local work
  work=$(mktemp -d)
  printf '%-16s %4s %12s %8s  %s\n' kind exit "peak RSS MB" seconds "message"
  for k in "${list[@]}"; do
    make_kind "$k" "$work/data"
    local log="$work/time.txt" err="$work/err.txt"
    set +e
    timeout 120 /usr/bin/time -v -o "$log" ${MEMORY_LIMIT_MB:+sh -c "ulimit -v $((MEMORY_LIMIT_MB * 1024)) && exec \"\$@\"" sh} "$chapter" --plot none --epochs 1 --compare-epochs 1 \
      --data-dir "$work/data" >/dev/null 2>"$err" </dev/null
    local rc=$?
    set -e
    local kb secs
    kb=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$log")
    secs=$(awk '/Elapsed \(wall clock\)/ {print $NF}' "$log")
    printf '%-16s %4s %12s %8s  %s\n' "$k" "$rc" "$(awk -v kb="${kb:-0}" 'BEGIN { printf "%.1f", kb / 1024 }')" "$secs" \
      "$(grep -m1 'error' "$err" | cut -c1-150)"
  done
  rm -rf "$work"
}

# What the message must say for each kind: the file (relative to the directory) and the damage.
expected() {
  case "$1" in
    bomb) echo "train-images-idx3-ubyte.gz': the header declares dimensions 1369568 x 28 x 28, more than the limit" ;;
    bomb_in_budget) echo "train-images-idx3-ubyte.gz': trailing bytes: .* at least 1048577 extra bytes" ;;
    count_mismatch) echo "train-images-idx3-ubyte' has 60000 images but .*train-labels-idx1-ubyte' has 59999 labels" ;;
    truncated_gz) echo "train-images-idx3-ubyte.gz': truncated: .* cut off" ;;
    no_trailer) echo "train-images-idx3-ubyte.gz': truncated gzip stream: .*trailer" ;;
    crc) echo "train-images-idx3-ubyte.gz': corrupt gzip stream: CRC mismatch" ;;
    trailing_gz) echo "train-images-idx3-ubyte.gz': corrupt gzip stream: the 16 bytes after the end of the gzip data" ;;
    huge_header) echo "train-images-idx3-ubyte': the header declares dimensions 4294967295 x 28 x 28" ;;
    fifo) echo "train-labels-idx1-ubyte': is a FIFO" ;;
    device) echo "train-images-idx3-ubyte': is a character device" ;;
    symlink_loop) echo "train-images-idx3-ubyte': too many levels of symbolic links" ;;
    dangling) echo "train-images-idx3-ubyte': is a symbolic link to 'no-such-file', which does not exist" ;;
    bad_label) echo "train-labels-idx1-ubyte': label 10 at index 59999 is out of range" ;;
    test_truncated) echo "t10k-images-idx3-ubyte.gz': truncated" ;;
    test_bad_label) echo "t10k-labels-idx1-ubyte': label 10 at index 9999" ;;
    low_memory) echo "out of memory: cannot allocate 376.3 MB \\(784 x 60000 doubles\\) for the images of '.*train-images-idx3-ubyte'" ;;
    *) echo "bad-mnist.sh: no expected message for '$1'" >&2; exit 2 ;;
  esac
}

check() {
  local kind=$1 dir=$2 chapter=$3 peak_tool=$4
  local limit=${PEAK_LIMIT_MB:-600}
  make_kind "$kind" "$dir"
  local err="$dir.stderr" peak="$dir.peak"
  local run=("$peak_tool" "$peak" "$chapter" --plot none --epochs 1 --compare-epochs 1 --data-dir "$dir")
  [[ $kind == low_memory ]] && run=(sh -c 'ulimit -v 358400 && exec "$@"' sh "${run[@]}")
  set +e
  OPENBLAS_NUM_THREADS=1 timeout 60 "${run[@]}" >/dev/null 2>"$err" </dev/null
  local rc=$?
  set -e
  local kb
  kb=$(cat "$peak" 2>/dev/null || echo 0)
  local problems=""
  [[ $rc -eq 1 ]] || problems+="  exit code $rc, expected 1 (124: timed out after 60 s)"$'\n'
  grep -Eq -- "$(expected "$kind")" "$err" || problems+="  the message does not match: $(expected "$kind")"$'\n'
  if grep -Eq 'terminate called|std::bad_alloc|Segmentation|Aborted' "$err"; then problems+="  it crashed"$'\n'; fi
  [[ $kind == low_memory || $kb -lt $((limit * 1024)) ]] || problems+="  peak memory $((kb / 1024)) MB, limit $limit MB"$'\n'
  echo "chapter 06 on '$kind': exit $rc, peak memory $((kb / 1024)) MB (limit $limit MB)"
  echo "stderr: $(head -c 600 "$err")"
  rm -rf "$dir" "$err" "$peak"
  if [[ -n $problems ]]; then
    printf 'FAILED:\n%s' "$problems"
    exit 1
  fi
}

case "${1:-}" in
  list) echo $kinds ;;
  check) shift; check "$@" ;;
  measure) shift; measure "$@" ;;
  "") echo "usage: $0 <kind> <dir> | list | measure <chapter> [kind...]" >&2; exit 2 ;;
  *) make_kind "$1" "$2" ;;
esac
