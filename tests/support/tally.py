# SPDX-License-Identifier: MIT
"""The verdict of each case of a CLI test, and the closing line that CI's
runner reads ('N passed, N failed')."""


class Tally:
    def __init__(self):
        self.passed = self.failed = self.skipped = 0

    def verdict(self, name, problems):
        if problems:
            self.failed += 1
            print(f"FAIL {name}")
            for p in problems:
                print(f"     {p}")
        else:
            self.passed += 1
            print(f"ok   {name}")

    def skip(self, name, why):
        self.skipped += 1
        print(f"skip {name}: {why}")

    def close(self):
        print(f"{self.passed} passed, {self.failed} failed" +
              (f", {self.skipped} skipped" if self.skipped else ""))
        return 1 if self.failed else 0
