#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""ID-list files at a large CA's scale, for bench/idlist-bench.py.

usage: bench/mklists.py OUTDIR ENTRIES TUNNELS PER_TUNNEL

OUTDIR/one.conf: one roaming tunnel, one list of ENTRIES entries (full
DNs, DNs with a wildcard, DNs in another shape, e-mail addresses, DNs with
E=; about 14 MB for 390,000); OUTDIR/many.conf: TUNNELS tunnels (a third
roaming, the rest one remote address each) with a list of PER_TUNNEL
entries each.  Both end with an entry for bench/mkusers' user 0000001 in
the first list, so that one certificate lands.
"""
import os
import sys

UNITS = ["Sales", "Engineering", "Support", "Finance", "Marketing", "Legal",
         "HR", "Operations"]
COUNTRIES = ["SE", "NO", "DK", "FI", "DE"]
LANDS = "  dn C=NO, O=Example Corp, OU=Sales, CN=User 0000001\n"


def entry(i):
    unit, c = UNITS[i % 8], COUNTRIES[i % 5]
    return [f"  dn C={c}, O=Ex, OU={unit}, CN=u{i:07d}\n",
            f"  email u{i:07d}@{unit.lower()}.ex.com\n",
            f"  dn C=*, O=Ex, OU={unit}, CN=u{i:07d}\n",
            f"  dn O=Ex, CN=u{i:07d}\n",
            f"  dn C={c}, O=Ex, E=u{i:07d}@ex.com, CN=u{i:07d}\n"][i % 5]


def main():
    out, entries, tunnels, per = (sys.argv[1], int(sys.argv[2]),
                                  int(sys.argv[3]), int(sys.argv[4]))
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "one.conf"), "w") as f:
        f.write("tunnel Roaming idlist=All\nidlist All\n" + LANDS)
        f.writelines(entry(i) for i in range(entries))
    with open(os.path.join(out, "many.conf"), "w") as f:
        for t in range(tunnels):
            remote = "any" if t % 3 == 0 else f"10.{t // 250}.{t % 250}.1"
            f.write(f"tunnel T{t} remote={remote} idlist=L{t}\n")
        for t in range(tunnels):
            f.write(f"idlist L{t}\n" + (LANDS if t == 0 else ""))
            f.writelines(entry(t * per + i) for i in range(per))


if __name__ == "__main__":
    main()
