#!/usr/bin/python3
"""Snakemake peer of the Kiseki engine benchmark: the same fan-out/fan-in DAG shape with N trivial jobs.

One root job writes a number; N-1-(tree) leaf jobs add an offset to it; an 8-ary tree of jobs sums the leaves.
Usage: snakemake_fanout.py OUTDIR JOBS  (writes OUTDIR/Snakefile; run it with snakemake --cores 2).
"""
import os
import sys


def count(leaves):
    total, level = 1 + leaves, leaves
    while level > 1:
        level = (level + 7) // 8
        total += level
    return total


def main():
    out, target = sys.argv[1], int(sys.argv[2])
    leaves = 1
    while count(leaves + 1) <= target:
        leaves += 1
    rules = ["rule all:\n    input: 'final.txt'\n",
             "rule root:\n    output: 'root.txt'\n    run:\n        open(output[0], 'w').write('1.0')\n"]
    rules.append(
        "rule leaf:\n    input: 'root.txt'\n    output: 'leaf_{i}.txt'\n    run:\n"
        "        open(output[0], 'w').write(repr(float(open(input[0]).read()) + int(wildcards.i)))\n")
    level = [f"leaf_{i}.txt" for i in range(leaves)]
    depth = 0
    while len(level) > 1:
        nxt = []
        for g in range(0, len(level), 8):
            name = f"sum_{depth}_{g // 8}.txt" if len(level) > 8 else "final.txt"
            inputs = ", ".join(repr(x) for x in level[g:g + 8])
            rules.append(
                f"rule sum_{depth}_{g // 8}:\n    input: {inputs}\n    output: {name!r}\n    run:\n"
                "        open(output[0], 'w').write(repr(sum(float(open(f).read()) for f in input)))\n")
            nxt.append(name)
        level, depth = nxt, depth + 1
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "Snakefile"), "w") as f:
        f.write("\n".join(rules))
    print(f"{count(leaves)} jobs")


if __name__ == "__main__":
    main()
