"""Regenerates src/test/resources/corpus/vectors.jsonl (and numpy_rng.json, numpy's default_rng stream):
corpus BLEU, chrF, chrF++ and paired bootstrap
resampling computed by sacrebleu 2.6.0 (with numpy 2.x, CPython 3.11) on deterministic test sets.

Usage (from the repository root, with the local wheels):
  python3 -m venv /tmp/v && /tmp/v/bin/pip install --no-index --find-links /opt/pypi/files sacrebleu==2.6.0
  /tmp/v/bin/python mgs-losses/src/test/python/corpus_vectors.py

Test sets: public-domain State of the Union sentences (the bundled mgs-examples data) with two synthetic
systems; random Unicode segments (CJK, emoji, combining marks, Python-only whitespace, punctuation, empty and
blank lines); two reference streams; tiny edge cases. The numbers are facts about sacrebleu's output; no code
of sacrebleu is included.
"""
import gzip, json, os, random, re, sys

import numpy as np
import sacrebleu
from sacrebleu.metrics import BLEU, CHRF
from sacrebleu.significance import PairedTest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..", "..", "..")
SOTU = os.path.join(ROOT, "mgs-examples", "src", "main", "resources", "io", "github", "mgs4j", "examples", "sotu",
                    "test.txt.gz")
OUT = os.path.join(HERE, "..", "resources", "corpus", "vectors.jsonl")
RNG_OUT = os.path.join(HERE, "..", "resources", "corpus", "numpy_rng.json")
SEED = 12345
RESAMPLES = 1000


def metrics():
    return {"BLEU": BLEU(), "chrF2": CHRF(), "chrF2++": CHRF(word_order=2)}


def perturb(words, rnd, rate, vocab):
    out = []
    for w in words:
        u = rnd.random()
        if u < rate * 0.4:
            out.append(rnd.choice(vocab))
        elif u < rate * 0.6:
            continue
        elif u < rate * 0.8:
            out.append(w.lower() if w[:1].isupper() else w + "s")
        elif u < rate:
            out.extend([w, rnd.choice(vocab)])
        else:
            out.append(w)
    if len(out) > 3 and rnd.random() < 0.3:
        i = rnd.randrange(len(out) - 1)
        out[i], out[i + 1] = out[i + 1], out[i]
    return " ".join(out)


def sotu_set(n, rnd):
    text = gzip.open(SOTU, "rt", encoding="utf-8").read()
    sents = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if 5 <= len(s.split()) <= 40]
    refs = rnd.sample(sents, n)
    vocab = sorted({w for s in refs for w in s.split()})
    base = [perturb(r.split(), rnd, 0.35, vocab) for r in refs]
    system = [perturb(r.split(), rnd, 0.25, vocab) for r in refs]
    return refs, base, system


ALPHABET = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
            ".,;:!?-'\"()[]&<>/%$#@_~`^*+=|\\{}"
            "éèüßçñøåÉÜ" "\u0301\u0308"  # combining marks
            "日本語中文字漢한국어" "\U0001F600\U0001F680\U0001D11E"  # CJK, Hangul, astral
            "αβγδεζηθ" "„“”‘’…—–«»")
SPACES = [" ", " ", " ", " ", "\t", "\u00a0", "\u2007", "\u202f", "\u3000", "\u200b", "\x1c", "\x85"]


def random_segment(rnd):
    u = rnd.random()
    if u < 0.05:
        return ""
    if u < 0.08:
        return rnd.choice(["   ", "\t", "\u00a0 \u3000"])
    words = []
    for _ in range(rnd.randint(1, 14)):
        words.append("".join(rnd.choice(ALPHABET) for _ in range(rnd.randint(1, 7))))
    s = ""
    for w in words:
        s += w + rnd.choice(SPACES)
    if rnd.random() < 0.5:
        s = s.rstrip()
    if rnd.random() < 0.1:
        s = rnd.choice(SPACES) + s
    return s


def related(s, rnd):
    if not s.strip() or rnd.random() < 0.1:
        return random_segment(rnd)
    chars = list(s)
    for i in range(len(chars)):
        if rnd.random() < 0.15:
            chars[i] = rnd.choice(ALPHABET + " ")
    return "".join(chars)


def random_set(n, rnd):
    refs = [random_segment(rnd) for _ in range(n)]
    return refs, [related(r, rnd) for r in refs], [related(r, rnd) for r in refs]


def as_float(x):
    return None if x is None else float(x)


def bootstrap_details(metric, base, system, ref_streams):
    """The per-resample scores exactly as sacrebleu's _paired_bs_test computes them, for the delta interval."""
    rng = np.random.default_rng(SEED)
    idxs = rng.choice(len(base), size=(RESAMPLES, len(base)), replace=True)
    bl = np.array(metric._extract_corpus_statistics(base, ref_streams), dtype="float32")
    sy = np.array(metric._extract_corpus_statistics(system, ref_streams), dtype="float32")
    s_bl = np.array([metric._compute_score_from_stats(s.sum(0)).score for s in bl[idxs]])
    s_sy = np.array([metric._compute_score_from_stats(s.sum(0)).score for s in sy[idxs]])
    delta = np.sort(s_sy - s_bl)
    lo = len(delta) // 40
    return {"first_indices": idxs[0][:16].tolist(), "last_indices": idxs[-1][-16:].tolist(),
            "delta_lo": float(delta[lo]), "delta_hi": float(delta[len(delta) - lo - 1]),
            "scores_dtype": str(s_sy.dtype), "system_score_sum": float(np.sum(s_sy.astype(np.float64)))}


def vector(name, base, system, ref_streams):
    row = {"name": name, "baseline": base, "system": system, "refs": ref_streams, "seed": SEED,
           "resamples": RESAMPLES, "metrics": []}
    single = {}
    for key, m in metrics().items():
        for label, hyps in (("baseline", base), ("system", system)):
            s = m.corpus_score(hyps, ref_streams)
            single.setdefault(key, {})[label] = {"score": s.score, "name": s.name,
                                                 "signature": str(m.get_signature())}
    sigs, scores = PairedTest([("baseline", base), ("system", system)], metrics(), ref_streams,
                              test_type="bs", n_samples=RESAMPLES)()
    for key, m in metrics().items():
        b, s = scores[key]
        assert b.score == single[key]["baseline"]["score"] and s.score == single[key]["system"]["score"]
        detail = bootstrap_details(m, base, system, ref_streams)
        row["metrics"].append({
            "name": single[key]["system"]["name"], "signature": single[key]["system"]["signature"],
            "baseline_score": b.score, "system_score": s.score,
            "paired_signature": str(sigs[key]),
            "baseline_mean": as_float(b.mean), "baseline_ci": as_float(b.ci),
            "system_mean": as_float(s.mean), "system_ci": as_float(s.ci), "p_value": as_float(s.p_value),
            **detail})
    return row


def rng_vectors():
    """default_rng(seed): SeedSequence words, raw 64-bit outputs and choice() draws for several bounds."""
    out = {}
    for seed in (0, 1, 12345, 2**32 + 7, 2**40 + 3):
        row = {"state": [str(v) for v in np.random.SeedSequence(seed).generate_state(4, np.uint64)],
               "raw": [str(v) for v in np.random.default_rng(seed).bit_generator.random_raw(3)]}
        for bound in (1, 2, 7, 1000, 3000, 2**31 - 1):
            row["choice%d" % bound] = np.random.default_rng(seed).choice(bound, size=(3, 40)).ravel().tolist()
        out[str(seed)] = row
    with open(RNG_OUT, "w", encoding="utf-8") as f:
        json.dump(out, f)
        f.write("\n")


VARIANTS = {
    "bleu-lowercase": lambda: BLEU(lowercase=True),
    "chrf-lowercase": lambda: CHRF(lowercase=True),
    "chrf-whitespace": lambda: CHRF(whitespace=True),
    "chrf-c4-w1-b1": lambda: CHRF(char_order=4, word_order=1, beta=1),
}


def variants(hyps, ref_streams):
    """Corpus scores of non-default configurations."""
    scores = []
    for config, make in VARIANTS.items():
        m = make()
        s = m.corpus_score(hyps, ref_streams)
        scores.append({"config": config, "name": s.name, "score": s.score, "signature": str(m.get_signature())})
    return {"name": "variants", "system": hyps, "refs": ref_streams, "variants": scores}


def main():
    rng_vectors()
    rnd = random.Random(20)
    rows = []
    refs, base, system = sotu_set(120, rnd)
    rows.append(vector("sotu", base, system, [refs]))
    refs, base, system = random_set(150, rnd)
    rows.append(vector("random-unicode", base, system, [refs]))
    refs2 = [related(r, rnd) for r in refs[:60]]
    rows.append(vector("two-references", base[:60], system[:60], [refs[:60], refs2]))
    rows.append(variants(system, [refs]))
    rows.append(vector("identical", ["the cat sat on the mat .", "a b c d e"], ["the cat sat on the mat .", "a b c d e"],
                       [["the cat sat on the mat .", "a b c d e"]]))
    rows.append(vector("one-segment", ["hello world"], ["hello there world"], [["hello world !"]]))
    rows.append(vector("empty-hypotheses", ["", "", ""], ["a", "", "b c"], [["a b", "c", "d e f"]]))
    rows.append(vector("empty-references", ["a b", "c d e", "f"], ["a", "c d", ""], [["", "", ""]]))
    rows.append(vector("short", ["a", "b b", "c"], ["a", "b", "c c"], [["a", "b b", "c"]]))
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(json.dumps({"generator": "corpus_vectors.py", "sacrebleu": sacrebleu.__version__,
                            "numpy": np.__version__, "python": sys.version.split()[0]}) + "\n")
        for r in rows:
            f.write(json.dumps(r) + "\n")


if __name__ == "__main__":
    main()
