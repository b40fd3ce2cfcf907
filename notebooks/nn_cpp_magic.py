"""IPython cell magic ``%%cpp``: compile a C++ cell against the nn library, run it, show its output.

Load it from a notebook in this folder with ``%run nn_cpp_magic.py`` (or ``%load_ext nn_cpp_magic``).

A cell that defines ``main`` is a whole program. Any other cell becomes the body of ``main()``; its
``#include`` lines are moved above ``main`` (line numbers in error messages stay those of the cell).
Every header of the nn library (except nn/app/chapter.hpp), ``<armadillo>``, ``<iostream>`` and
the usual standard headers are already included through a
precompiled header that is built once into the build tree, so a cell compiles in about a second.

The program runs in a fresh temporary directory. Its stdout and stderr are printed as they come, and
every PNG file it wrote there (for instance with ``nn::plot::Target("png", ".")``) is displayed
below the cell. A compile error, an uncaught exception or a non-zero exit status raises
``CppCellError``, so the cell fails and ``jupyter nbconvert --execute`` fails too.

Options: ``%%cpp --args "--epochs 2"`` passes arguments to the program, ``--timeout 120`` limits the
run time in seconds (default 300), ``--no-images`` skips the PNG display, ``--define NAME`` keeps the
cell as file-scope code (helper functions, constants) that every later cell sees, ``--show`` prints
the generated source.

Environment: ``NN_BUILD_DIR`` is the CMake build directory holding ``nn/libnn.a`` (default
``build/release``; a relative path is taken from the repository root), ``CXX`` the compiler (default
``c++``). The repository root is the parent of this file's folder; the program sees it as the macro
``NN_REPO_ROOT`` and the environment variable ``NN_REPO_ROOT`` (MNIST is in ``NN_REPO_ROOT "/data/mnist"``).
"""

import hashlib
import json
import os
import shlex
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from IPython.core.magic import register_cell_magic
from IPython.display import Image, display

REPO_ROOT = Path(__file__).resolve().parent.parent

# The flags of the CMake build (nn/CMakeLists.txt, cmake/dependencies.cmake), used when the build
# tree has no compile_commands.json.
FALLBACK_FLAGS = [
    "-std=c++20", "-O2", "-DNDEBUG", "-fno-math-errno",
    "-DARMA_DONT_USE_WRAPPER", "-DARMA_USE_BLAS", "-DARMA_USE_LAPACK",
]
# What nn::nn links publicly: OpenBLAS directly (no Armadillo wrapper) and zlib.
LINK_LIBS = ["-lopenblas", "-lz", "-lpthread"]

_defines = {}  # name -> file-scope code kept by `%%cpp --define NAME`


class CppCellError(Exception):
    """A %%cpp cell did not compile, threw, or exited with a non-zero status."""

    def _render_traceback_(self):  # IPython shows this instead of a Python traceback
        return [f"\x1b[0;31mCppCellError\x1b[0m: {self}"]


def build_dir():
    """The CMake build directory: $NN_BUILD_DIR (relative to the repository root) or build/release."""
    d = Path(os.environ.get("NN_BUILD_DIR", "build/release"))
    return d if d.is_absolute() else REPO_ROOT / d


def library():
    lib = build_dir() / "nn" / "libnn.a"
    if not lib.exists():
        raise CppCellError(
            f"{lib} does not exist. Build it first:\n"
            f"  cd {REPO_ROOT} && cmake --preset release && cmake --build --preset release --target nn\n"
            "(or set NN_BUILD_DIR to a build directory that has nn/libnn.a)")
    return lib


def compile_flags():
    """The library's own -O, -f, -D, -I, -march flags (compile_commands.json), plus NN_REPO_ROOT.

    Cells are C++20 (the library itself is C++17): they fill option structs by name, {.lr = 1e-3}."""
    flags = [f for f in _build_flags() if not f.startswith("-std=")]
    return ["-std=c++20"] + flags + [f'-DNN_REPO_ROOT="{REPO_ROOT}"']


def _build_flags():
    db = build_dir() / "compile_commands.json"
    if db.exists():
        for entry in json.loads(db.read_text()):
            if entry["file"].startswith(f"{REPO_ROOT}/nn/") and entry["file"].endswith(".cpp"):
                args = entry.get("arguments") or shlex.split(entry["command"])
                flags, skip, keep = [], False, False
                for a in args[1:]:
                    if skip or keep:  # the argument of the flag before
                        if keep:
                            flags.append(a)
                        skip = keep = False
                        continue
                    if a in ("-o", "-c", "-include", "-x", "-MF", "-MT", "-MQ"):
                        skip = True
                        continue
                    if a in ("-I", "-D", "-isystem", "-iquote", "-idirafter"):
                        flags.append(a)
                        keep = True
                        continue
                    if a.startswith(("-W", "-M")) or not a.startswith("-"):
                        continue
                    flags.append(a)
                if "-O3" in flags:  # cells are small: -O2 compiles faster, the library stays -O3
                    flags[flags.index("-O3")] = "-O2"
                return flags
    return FALLBACK_FLAGS + [f"-I{REPO_ROOT}"]


def compiler():
    return os.environ.get("CXX", "c++")


def _headers():
    # nn/app/chapter.hpp is left out: CLI11's global validator objects add ~3 s to every cell.
    return sorted(h for h in (REPO_ROOT / "nn").rglob("*.hpp") if h.parts[-2:] != ("app", "chapter.hpp"))


def precompiled_header(flags):
    """Builds <build>/notebooks_pch/nn_all.hpp.gch once (again when a header or the flags change)."""
    pch_dir = build_dir() / "notebooks_pch"
    pch_dir.mkdir(parents=True, exist_ok=True)
    header = pch_dir / "nn_all.hpp"
    lines = ["// Generated by notebooks/nn_cpp_magic.py: everything a notebook cell may use.",
             *(f"#include <{h}>" for h in ["armadillo", "algorithm", "cmath", "cstdio", "cstdlib",
                                           "functional", "iomanip", "iostream", "memory", "numeric",
                                           "sstream", "stdexcept", "string", "utility", "vector"]),
             *(f"#include <{h.relative_to(REPO_ROOT)}>" for h in _headers())]
    text = "\n".join(lines) + "\n"
    stamp = hashlib.sha256((text + compiler() + " ".join(flags)).encode()).hexdigest()
    gch = pch_dir / "nn_all.hpp.gch"
    stamp_file = pch_dir / "stamp"
    newest = max(h.stat().st_mtime for h in _headers())
    if (gch.exists() and stamp_file.exists() and stamp_file.read_text() == stamp
            and gch.stat().st_mtime >= newest):
        return header
    header.write_text(text)
    print("[nn_cpp_magic: building the precompiled header once (10-20 s)]", file=sys.stderr, flush=True)
    tmp = pch_dir / f"nn_all.hpp.gch.{os.getpid()}"
    t0 = time.time()
    r = subprocess.run([compiler(), *flags, "-x", "c++-header", str(header), "-o", str(tmp)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise CppCellError("building the precompiled header failed:\n" + r.stderr)
    os.replace(tmp, gch)  # atomic: a concurrent kernel never sees half a .gch
    stamp_file.write_text(stamp)
    print(f"[nn_cpp_magic: precompiled header built in {time.time() - t0:.1f} s: {gch}]",
          file=sys.stderr, flush=True)
    return header


def _defines_main(code):
    import re
    return re.search(r"\bint\s+main\s*\(", code) is not None


def make_source(cell, define_name=None):
    """The translation unit for a cell: the kept definitions, then the cell (as main's body or not)."""
    prelude = [f'#line 1 "define:{name}"\n{code}\n' for name, code in _defines.items()
               if name != define_name]
    if define_name is not None:
        return "\n".join(prelude) + f'#line 1 "cell"\n{cell}\nint main() {{ return 0; }}\n'
    if _defines_main(cell):
        return "\n".join(prelude) + f'#line 1 "cell"\n{cell}\n'
    includes, body = [], []
    for line in cell.splitlines():
        if line.lstrip().startswith("#include"):
            includes.append(line)
            body.append("")  # keep the cell's line numbers
        else:
            body.append(line)
    return ("\n".join(includes) + "\n" + "\n".join(prelude) +
            "int main(int argc, char** argv) {\n  (void)argc; (void)argv;\n  try {\n"
            '#line 1 "cell"\n' + "\n".join(body) + "\n"
            "  } catch (const std::exception& e) {\n"
            '    std::cout.flush();\n'
            '    std::cerr << "uncaught exception: " << e.what() << std::endl;\n'
            "    return 1;\n  }\n  return 0;\n}\n")


def _pump(stream, sink, last=None):
    for line in iter(stream.readline, ""):
        sink.write(line)
        sink.flush()
        if last is not None and line.strip():
            last[:] = [line.strip()]
    stream.close()


def run_cell(cell, args="", timeout=300.0, images=True, define_name=None, show=False):
    lib = library()
    flags = compile_flags()
    header = precompiled_header(flags)
    source = make_source(cell, define_name)
    if show:
        print(source)
    with tempfile.TemporaryDirectory(prefix="nn_cell_") as tmp:
        work = Path(tmp)
        src, exe = work / "cell.cpp", work / "cell"
        src.write_text(source)
        cmd = [compiler(), *flags, "-Winvalid-pch", "-include", str(header), str(src),
               "-o", str(exe), str(lib), *LINK_LIBS]
        r = subprocess.run(cmd, capture_output=True, text=True, cwd=work)
        if r.returncode != 0:
            sys.stderr.write(r.stderr)
            first = next((l for l in r.stderr.splitlines() if "error" in l), "")
            raise CppCellError(f"compilation failed ({compiler()} exit status {r.returncode})"
                               + (f": {first}" if first else ""))
        if r.stderr.strip():  # warnings
            sys.stderr.write(r.stderr)
        if define_name is not None:
            _defines[define_name] = cell
            return
        env = dict(os.environ, NN_REPO_ROOT=str(REPO_ROOT))
        env.setdefault("OPENBLAS_NUM_THREADS", "1")
        proc = subprocess.Popen([str(exe), *shlex.split(args)], cwd=work, env=env, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        last_err = []  # the last line on stderr, repeated in the exception (CI logs show only that)
        pumps = [threading.Thread(target=_pump, args=(proc.stdout, sys.stdout)),
                 threading.Thread(target=_pump, args=(proc.stderr, sys.stderr, last_err))]
        for t in pumps:
            t.start()
        try:
            status = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise CppCellError(f"the program ran longer than {timeout:g} s and was killed")
        finally:
            for t in pumps:
                t.join()
        if images:
            for png in sorted(work.rglob("*.png"), key=lambda p: (p.stat().st_mtime, str(p))):
                display(Image(data=png.read_bytes(), format="png"))
        if status != 0:
            raise CppCellError(f"the program exited with status {status}" +
                               (f" (signal {-status})" if status < 0 else "") +
                               (f": {last_err[0]}" if last_err else ""))


def _parse(line):
    opts = {"args": "", "timeout": 300.0, "images": True, "define_name": None, "show": False}
    words = shlex.split(line)
    i = 0
    while i < len(words):
        w = words[i]
        if w == "--args":
            opts["args"], i = words[i + 1], i + 2
        elif w == "--timeout":
            opts["timeout"], i = float(words[i + 1]), i + 2
        elif w == "--define":
            opts["define_name"], i = words[i + 1], i + 2
        elif w == "--no-images":
            opts["images"], i = False, i + 1
        elif w == "--show":
            opts["show"], i = True, i + 1
        else:
            raise CppCellError(f"%%cpp: unknown option {w!r} "
                               "(expected --args, --timeout, --define, --no-images, --show)")
    return opts


@register_cell_magic
def cpp(line, cell):
    """%%cpp [--args "..."] [--timeout S] [--define NAME] [--no-images] [--show]"""
    run_cell(cell, **_parse(line))


def load_ipython_extension(ipython):  # for %load_ext nn_cpp_magic (register_cell_magic did it)
    pass
