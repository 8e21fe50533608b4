#!/usr/bin/python3
"""Writes N RPSL route/route6 objects in RADB's dump format (RFC 2622), deterministic.

Written for bgpsentry's IRR load benchmark: no public IRR dump with provenance could be
fetched here (../shared/data/README.md), so the objects are made up. They look like RADB's:
route (about 85%) and route6 objects with descr, origin, mnt-by, changed and source lines,
other classes (mntner, aut-num) between them, about 40,000 maintainers and 5 sources.
Usage: irr_dump_gen.py N OUT
"""
import random
import sys

n, out = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(2008)
sources = ["RADB", "RIPE", "ARIN", "APNIC", "LEVEL3"]
with open(out, "w") as f:
    for i in range(n):
        mnt = "MAINT-AS%d" % rnd.randrange(1, 40000)
        origin = rnd.randrange(1, 400000)
        if rnd.random() < 0.85:
            length = rnd.choice([16, 19, 20, 21, 22, 23, 24, 24, 24, 24])
            a = rnd.randrange(1, 224) << 24 | rnd.randrange(0, 1 << 24)
            a &= (0xFFFFFFFF << (32 - length)) & 0xFFFFFFFF
            prefix = "%d.%d.%d.%d/%d" % (a >> 24, a >> 16 & 255, a >> 8 & 255, a & 255, length)
            cls = "route:  "
        else:
            length = rnd.choice([32, 36, 40, 44, 48, 48, 48])
            words = [0x2000 | rnd.randrange(0, 0x1000), rnd.randrange(0, 0x10000),
                     rnd.randrange(0, 0x10000)]
            bits = ((words[0] << 32 | words[1] << 16 | words[2]) >> (48 - length)) << (48 - length)
            prefix = "%x:%x:%x::/%d" % (bits >> 32, bits >> 16 & 0xFFFF, bits & 0xFFFF, length)
            cls = "route6: "
        f.write("%s    %s\ndescr:      customer %d\norigin:     AS%d\nmnt-by:     %s\n"
                "changed:    noc@example.net 2008%02d%02d\nsource:     %s\n\n"
                % (cls, prefix, i, origin, mnt, rnd.randrange(1, 13), rnd.randrange(1, 29),
                   rnd.choice(sources)))
        if i % 50 == 0:
            f.write("mntner:     %s\ndescr:      a maintainer\nauth:       CRYPT-PW xxxx\n"
                    "mnt-by:     %s\nsource:     RADB\n\n" % (mnt, mnt))
