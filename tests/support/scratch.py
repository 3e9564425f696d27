# SPDX-License-Identifier: MIT
"""Scratch directories that go away when the script ends, pass or fail."""
import atexit
import shutil
import tempfile


def scratch_dir(prefix):
    """A new directory under $TMPDIR, removed at exit."""
    d = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, d, True)
    return d
