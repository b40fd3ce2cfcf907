#!/usr/bin/env python3
"""The repository's C++ files are formatted with its .clang-format (Google style, 100 columns) by
Debian's clang-format 14. Checks every file (exit 1 naming the files that differ and how to fix
them), or with --fix formats them in place (`make format`).

Usage (from anywhere): python3 cmake/check-format.py [--fix] [--self-test]
"""
import os, shutil, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIRS = ["nn", "chapters", "tests", "bench", "docs", "cmake"]
EXT = (".cpp", ".hpp", ".h", ".cc")
SKIP = {"__pycache__", "node_modules"}  # the generated trees (build/, homework/, data/) are not in DIRS


def clang_format():
    for name in ("clang-format-14", "clang-format"):
        path = shutil.which(name)
        if path:
            out = subprocess.run([path, "--version"], capture_output=True, text=True).stdout
            if "version 14." in out:
                return path
    sys.exit("check-format: clang-format 14 not found (the format is that of Debian's clang-format 14); "
             "install it with: apt-get install clang-format-14  (make test does: cmake/install-deps.sh clang)")


def files():
    out = []
    for d in DIRS:
        for top, dirs, names in os.walk(os.path.join(ROOT, d)):
            dirs[:] = sorted(x for x in dirs if x not in SKIP)
            out += [os.path.join(top, n) for n in sorted(names) if n.endswith(EXT)]
    return out


def unformatted(cf, paths):
    bad = []
    for i in range(0, len(paths), 50):
        chunk = paths[i:i + 50]
        r = subprocess.run([cf, "--style=file", "--dry-run", "-Werror"] + chunk,
                           capture_output=True, text=True, cwd=ROOT)
        if r.returncode != 0:
            bad += [p for p in chunk
                    if subprocess.run([cf, "--style=file", "--dry-run", "-Werror", p],
                                      capture_output=True, cwd=ROOT).returncode != 0]
    return bad


def self_test(cf):
    # a file with a 120-column line and a misplaced brace must be reported; its formatted copy not
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(os.path.join(ROOT, ".clang-format"), tmp)
        p = os.path.join(tmp, "x.cpp")
        with open(p, "w") as f:
            f.write("int f(int a)\n{ return a+" + "a+" * 50 + "a; }\n")
        if not unformatted(cf, [p]):
            sys.exit("check-format self-test: an unformatted file was not reported")
        subprocess.run([cf, "--style=file", "-i", p], check=True)
        if unformatted(cf, [p]):
            sys.exit("check-format self-test: a formatted file was reported")
    print("check-format self-test: an unformatted file is reported, its formatted copy is not")


def main():
    cf = clang_format()
    if "--self-test" in sys.argv:
        return self_test(cf)
    paths = files()
    if "--fix" in sys.argv:
        subprocess.run([cf, "--style=file", "-i"] + paths, check=True, cwd=ROOT)
        print(f"check-format: formatted {len(paths)} files")
        return
    bad = unformatted(cf, paths)
    long_lines = []
    for p in paths:
        with open(p, encoding="utf-8") as f:
            long_lines += [f"{os.path.relpath(p, ROOT)}:{i}" for i, line in enumerate(f, 1)
                           if len(line.rstrip("\n")) > 100]
    if bad or long_lines:
        for p in bad:
            print(f"check-format: {os.path.relpath(p, ROOT)} differs from clang-format 14's output",
                  file=sys.stderr)
        for l in long_lines:
            print(f"check-format: {l} is longer than 100 columns", file=sys.stderr)
        print("check-format: fix with `make format` (or clang-format-14 -i FILE); a long comment at the "
              "end of a line goes on its own line above the code", file=sys.stderr)
        sys.exit(1)
    print(f"check-format: {len(paths)} C++ files formatted, none longer than 100 columns")


if __name__ == "__main__":
    main()
