"""python3 cmake/homework ... -- the homework tool (see cli.py and docs/homework.md)."""
import os
import sys

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    sys.dont_write_bytecode = True
    from homework.cli import main  # noqa: E402
else:
    from .cli import main  # noqa: E402

sys.exit(main())
