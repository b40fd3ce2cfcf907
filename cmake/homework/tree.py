"""Files of a repository (tracked files only) and writing a generated tree in place."""
import os
import subprocess
from typing import Dict, List

STAMP = ".nn-homework"


class TreeError(Exception):
    pass


def tracked_files(src: str) -> List[str]:
    """The files git tracks in `src` (staged included), relative paths, sorted; files deleted from
    the working tree are left out. Untracked files (logs, screenshots, notes) never are."""
    try:
        out = subprocess.run(["git", "-C", src, "ls-files", "-z", "--cached"], check=True,
                             capture_output=True).stdout
    except FileNotFoundError:
        raise TreeError("git is not installed: the starter tree is made of the files git tracks (git ls-files)")
    except subprocess.CalledProcessError as e:
        raise TreeError(f"{src} is not a git repository ({e.stderr.decode(errors='replace').strip()}): "
                        "the starter tree is made of the files git tracks (git ls-files)")
    files = []
    for p in out.decode("utf-8", errors="surrogateescape").split("\0"):
        if p and os.path.lexists(os.path.join(src, p)) and not os.path.isdir(os.path.join(src, p)):
            files.append(p)
    return sorted(set(files))


SKIP_DIRS = {".git", "build", "data", "plots", "homework", "__pycache__", ".ipynb_checkpoints"}


def all_files(src: str) -> List[str]:
    """Every file below `src` except build outputs and data (for the tools that do not export,
    where git is not at hand)."""
    out = []
    for root, dirs, names in os.walk(src):
        rel_root = os.path.relpath(root, src)
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not (rel_root == "." and d.startswith("build"))]
        for n in names:
            out.append(os.path.normpath(os.path.join(rel_root, n)).replace(os.sep, "/"))
    return sorted(out)


def read_bytes(src: str, rel: str) -> bytes:
    with open(os.path.join(src, rel), "rb") as f:
        return f.read()


def check_out_dir(src: str, out: str):
    src, out = os.path.realpath(src), os.path.realpath(out)
    if out == src:
        raise TreeError(f"the output directory is the repository itself ({out})")
    if (src + os.sep).startswith(out + os.sep):
        raise TreeError(f"the output directory {out} contains the repository {src}")
    if os.path.isdir(out) and os.listdir(out) and not os.path.exists(os.path.join(out, STAMP)):
        raise TreeError(f"{out} exists and was not made by this tool (no {STAMP} in it); refusing to "
                        "overwrite it. Remove it or pick another output directory.")


# Never deleted from an output tree: the student's build and data, and the stamp.
KEEP = ("build/", "data/", "plots/", ".git/", STAMP)


def write_tree(out: str, files: Dict[str, bytes], modes: Dict[str, int] = None) -> Dict[str, int]:
    """Writes `files` (relative path -> content) under `out`, rewriting only the files whose content
    changed (a build directory inside stays incremental), and removes the files an earlier run
    wrote that are no longer part of the tree. Returns counts written/unchanged/removed."""
    modes = modes or {}
    os.makedirs(out, exist_ok=True)
    stats = {"written": 0, "unchanged": 0, "removed": 0}
    for rel, data in sorted(files.items()):
        path = os.path.join(out, rel)
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        try:
            with open(path, "rb") as f:
                same = f.read() == data
        except OSError:
            same = False
        if same:
            stats["unchanged"] += 1
        else:
            if os.path.islink(path):
                os.unlink(path)
            with open(path, "wb") as f:
                f.write(data)
            stats["written"] += 1
        mode = modes.get(rel, 0o644)
        if (os.stat(path).st_mode & 0o777) != mode:
            os.chmod(path, mode)
    previous = os.path.join(out, STAMP + ".files")
    if os.path.exists(previous):
        with open(previous, encoding="utf-8") as f:
            old = [line.rstrip("\n") for line in f if line.strip()]
        for rel in old:
            if rel not in files and not rel.startswith(KEEP):
                path = os.path.join(out, rel)
                if os.path.isfile(path) or os.path.islink(path):
                    os.unlink(path)
                    stats["removed"] += 1
                d = os.path.dirname(path)
                while d and os.path.realpath(d) != os.path.realpath(out) and os.path.isdir(d) and not os.listdir(d):
                    os.rmdir(d)
                    d = os.path.dirname(d)
    with open(previous, "w", encoding="utf-8") as f:
        f.write("".join(rel + "\n" for rel in sorted(files)))
    return stats
