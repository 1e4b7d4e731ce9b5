"""Text normalisation and character error rate, as described in docs/quality.md: the MUFI
private-use ligatures of OCR-D transcriptions expanded, vowel + combining small e (U+0364) made an
umlaut, NFKC, long s to s, r rotunda to r, typographic quotes and dashes to ASCII, whitespace runs
collapsed."""

import unicodedata

_MAP = str.maketrans({
    "ſ": "s", "ꝛ": "r", "⸗": "-", "‐": "-", "–": "-", "—": "-", "„": '"', "“": '"', "”": '"',
    "‚": "'", "‘": "'", "’": "'", "»": '"', "«": '"', "\u00ad": "",
})


# MUFI private-use code points used by the OCR-D ground truth (see ../shared/corpus/README.md).
_LIGATURES = str.maketrans({
    "\uf502": "ch", "\ueada": "st", "\ue72b": "ü", "\ueec4": "ck", "\ueedc": "tz",
    "\uf4f9": "ll", "\ueba2": "si", "\ueba6": "ss", "\ueba7": "ssi", "\ue42c": "ä", "\ue644": "ö",
})
_OLD_UMLAUT = {"a": "ä", "o": "ö", "u": "ü", "A": "Ä", "O": "Ö", "U": "Ü"}


def _old_umlauts(text: str) -> str:
    out = []
    for c in text:
        if c == "\u0364" and out and out[-1] in _OLD_UMLAUT:
            out[-1] = _OLD_UMLAUT[out[-1]]
        else:
            out.append(c)
    return "".join(out)


def normalise(text: str) -> str:
    text = _old_umlauts(text.translate(_LIGATURES))
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
