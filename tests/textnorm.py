"""Text normalisation and character error rate, as described in docs/quality.md: NFKC, long s
to s, typographic quotes and dashes to ASCII, whitespace runs collapsed."""

import unicodedata

_MAP = str.maketrans({
    "ſ": "s", "ꝛ": "r", "⸗": "-", "‐": "-", "–": "-", "—": "-", "„": '"', "“": '"', "”": '"',
    "‚": "'", "‘": "'", "’": "'", "»": '"', "«": '"', "\u00ad": "",
})


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_MAP)
    return " ".join(text.split())


def levenshtein(a: str, b: str) -> int:
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def cer(hypothesis: str, reference: str) -> float:
    ref = normalise(reference)
    return levenshtein(normalise(hypothesis), ref) / max(1, len(ref))
