#!/usr/bin/env python3
"""Prints the median of every criterion benchmark under target/criterion,
grouped, with each row's ratio to the group's sip-xmpp row (and, for
parse, to the httparse twin). Usage: python3 benches/report.py [filter]"""
import json, os, sys

root = os.path.join(os.path.dirname(__file__), "..", "target", "criterion")
flt = sys.argv[1] if len(sys.argv) > 1 else ""
rows = {}
for dirpath, dirs, files in os.walk(root):
    if dirpath.endswith(os.sep + "new") and "estimates.json" in files:
        bench = json.load(open(os.path.join(dirpath, "benchmark.json")))
        est = json.load(open(os.path.join(dirpath, "estimates.json")))
        name = bench["full_id"]
        if flt in name:
            rows[name] = est["median"]["point_estimate"]

def fmt(ns):
    return f"{ns/1000:8.3f} us" if ns >= 1000 else f"{ns:8.1f} ns"

groups = {}
for name, med in sorted(rows.items()):
    parts = name.split("/")
    key, impl = "/".join(parts[:-1]), parts[-1]
    groups.setdefault(key, {})[impl] = med
for key, impls in sorted(groups.items()):
    base = impls.get("sip-xmpp")
    print(key)
    for impl, med in sorted(impls.items(), key=lambda kv: kv[1]):
        ratio = f"  x{med/base:6.2f} of sip-xmpp" if base else ""
        print(f"  {impl:24} {fmt(med)}{ratio}")
