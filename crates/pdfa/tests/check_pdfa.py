"""Checks PDF files against PDF/A-2b with pikepdf's validator (pip install 'pikepdf[pdfa]>=10.18').

Runs both `pikepdf.pdfa.check` (the document as pikepdf would save it) and
`pikepdf.pdfa.validate_written` (the file's own bytes), prints every finding,
and exits with status 1 if any file fails, 2 if pikepdf cannot be used.

Usage: python check_pdfa.py FILE.pdf...
"""

import sys

try:
    import pikepdf
    from pikepdf import pdfa
except ImportError as e:
    print(f"pikepdf with its pdfa extra is not available: {e}", file=sys.stderr)
    sys.exit(2)


def check(path: str) -> bool:
    with pikepdf.open(path) as pdf:
        reports = {"check": pdfa.check(pdf, "2b")}
    reports["validate_written"] = pdfa.validate_written(path, "2b")
    ok = True
    for name, report in reports.items():
        print(f"{path}: {name}: {report.summary()}")
        ok = ok and report.passed
    return ok


def main(paths: list[str]) -> int:
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    print(f"pikepdf {pikepdf.__version__}")
    results = [check(path) for path in paths]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
