"""Puts a text between <!-- NAME:start --> and <!-- NAME:end --> in a Markdown file (appended with its markers
when they are not there yet). Used by the benchmarks and proofs' --record option.

    python3 tools/record-section.py FILE NAME TEXT
"""
import re
import sys

path, name, body = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(path, encoding="utf-8").read()
start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
block = start + "\n" + body + "\n" + end
text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda m: block, text, flags=re.S) if start in text else text.rstrip() + "\n\n" + block + "\n"
open(path, "w", encoding="utf-8").write(text)
