"""End-to-end benchmark of the scorer CLI against the Python tools (side-by-side timing, never a test).

Usage, from the repository root, after `mvn -q -DskipTests package` (builds mgs-losses/target/mgs-losses-cli.jar):
  python3 -m venv /tmp/v && /tmp/v/bin/pip install --no-index --find-links /opt/pypi/files \
      sacrebleu==2.6.0 nltk==3.10.3 levenshtein==0.27.5
  /tmp/v/bin/python mgs-losses/src/test/python/bench_scorer_cli.py [--pairs 20000] [--repeat 3]
  /tmp/v/bin/python mgs-losses/src/test/python/bench_scorer_cli.py --rss-lines 1000000

Pairs: real sentences of at least 10 words from the bundled State of the Union text (public domain,
mgs-examples resources) as references; hypotheses are deterministic edits of them (substitutions, drops,
insertions, case and inflection changes, a swap), kept at 10 words or more. Generated at run time into a
temporary folder, never committed.

Python side: all ten metrics of `score` in one loop (sacrebleu.sentence_bleu with exp, floor, add-k and none
smoothing; NLTK sentence_bleu method 1; NLTK meteor_score with WordNet 3.0, which is unpacked from the
extjwnl-data-wn30 jar in ~/.m2 into a temporary NLTK_DATA; Levenshtein.distance on tokens and characters),
timed inside the loop only (imports, WordNet loading and file reading excluded). Java side: the whole
`java -jar mgs-losses-cli.jar score < pairs.jsonl > out.jsonl` process, start-up included. Every Java value
is compared with Python's, bit for bit; differing values are counted per field with their distance in ulps.
--rss-lines streams that many lines (the pairs repeated) into the CLI through a pipe and samples its
resident set size (VmRSS) while it runs.
"""
import argparse, glob, gzip, json, os, random, re, resource, subprocess, sys, tempfile, threading, time, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))
SOTU = os.path.join(ROOT, "mgs-examples", "src", "main", "resources", "io", "github", "mgs4j", "examples", "sotu",
                    "train.txt.gz")
JAR = os.path.join(ROOT, "mgs-losses", "target", "mgs-losses-cli.jar")
FIELDS = ["sacrebleu", "sacrebleu_floor", "sacrebleu_addk", "sacrebleu_none", "nltk_bleu_method1", "nltk_meteor",
          "lev_token", "lev_token_norm", "lev_char", "lev_char_norm"]


def sentences():
    text = gzip.open(SOTU, "rt", encoding="utf-8").read()
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 10]


def edit(words, rnd, vocab):
    out = []
    for w in words:
        u = rnd.random()
        if u < 0.06:
            out.append(rnd.choice(vocab))
        elif u < 0.10:
            continue
        elif u < 0.14:
            out.append(w.lower() if w[:1].isupper() else w + "s")
        elif u < 0.17:
            out.extend([w, rnd.choice(vocab)])
        else:
            out.append(w)
    if rnd.random() < 0.3:
        i = rnd.randrange(len(out) - 1)
        out[i], out[i + 1] = out[i + 1], out[i]
    return out


def generate(n, seed=20):
    rnd = random.Random(seed)
    refs = sentences()
    vocab = sorted({w for s in refs[:2000] for w in s.split()})
    pairs = []
    while len(pairs) < n:
        ref = rnd.choice(refs)
        hyp = edit(ref.split(), rnd, vocab)
        if len(hyp) >= 10:
            pairs.append({"hyp": " ".join(hyp), "ref": ref})
    return pairs


def wordnet_data(tmp):
    """NLTK_DATA with corpora/wordnet unpacked from the extjwnl-data-wn30 jar (WordNet 3.0 dictionary files)."""
    jars = glob.glob(os.path.expanduser("~/.m2/repository/net/sf/extjwnl/extjwnl-data-wn30/*/extjwnl-data-wn30-*.jar"))
    if not jars:
        sys.exit("extjwnl-data-wn30 is not in ~/.m2: run `mvn -q -DskipTests package` first")
    target = os.path.join(tmp, "nltk_data", "corpora", "wordnet")
    os.makedirs(target, exist_ok=True)
    with zipfile.ZipFile(sorted(jars)[-1]) as z:
        for name in z.namelist():
            if name.startswith("net/sf/extjwnl/data/wordnet/wn30/") and not name.endswith("/"):
                with open(os.path.join(target, os.path.basename(name)), "wb") as f:
                    f.write(z.read(name))
    return os.path.join(tmp, "nltk_data")


def python_scores(pairs):
    """All ten metrics per pair in one loop; returns (seconds inside the loop, rows)."""
    import sacrebleu, Levenshtein
    from nltk.translate.bleu_score import sentence_bleu, SmoothingFunction
    from nltk.translate.meteor_score import meteor_score
    method1 = SmoothingFunction().method1
    from nltk.corpus import wordnet
    wordnet.synsets("dog")  # NLTK loads WordNet (and its 3.0 sense-key map) on first use: before the clock
    meteor_score([["dogs", "barked"]], ["cat", "barking"])
    rows = []
    start = time.perf_counter()
    for p in pairs:
        h, r = p["hyp"], p["ref"]
        ht, rt = h.split(), r.split()
        tok, chars = Levenshtein.distance(ht, rt), Levenshtein.distance(h, r)
        rows.append({
            "sacrebleu": sacrebleu.sentence_bleu(h, [r]).score,
            "sacrebleu_floor": sacrebleu.sentence_bleu(h, [r], smooth_method="floor").score,
            "sacrebleu_addk": sacrebleu.sentence_bleu(h, [r], smooth_method="add-k").score,
            "sacrebleu_none": sacrebleu.sentence_bleu(h, [r], smooth_method="none").score,
            "nltk_bleu_method1": sentence_bleu([rt], ht, smoothing_function=method1),
            "nltk_meteor": meteor_score([rt], ht),
            "lev_token": tok, "lev_token_norm": tok / len(rt) if rt else None,
            "lev_char": chars, "lev_char_norm": chars / len(r) if r else None})
    return time.perf_counter() - start, rows


def java_run(pairs_file, out_file):
    start = time.perf_counter()
    with open(pairs_file, "rb") as fin, open(out_file, "wb") as fout:
        rc = subprocess.call(["java", "-jar", JAR, "score"], stdin=fin, stdout=fout)
    if rc != 0:
        sys.exit("the CLI exited with %d" % rc)
    return time.perf_counter() - start


def ulps(a, b):
    """Distance in units in the last place between two doubles of the same sign."""
    import struct
    return abs(struct.unpack("<q", struct.pack("<d", a))[0] - struct.unpack("<q", struct.pack("<d", b))[0])


def compare(py_rows, out_file):
    """Counts values that differ from Python's; prints how many per field and the largest distance in ulps."""
    bad, by_field, worst = 0, {}, 0
    with open(out_file, encoding="utf-8") as f:
        for i, (line, want) in enumerate(zip(f, py_rows)):
            got = json.loads(line)
            for k in FIELDS:
                a, b = want[k], got[k]
                if a != b:
                    bad += 1
                    by_field[k] = by_field.get(k, 0) + 1
                    if a is not None and b is not None:
                        worst = max(worst, ulps(float(a), float(b)))
                    if bad <= 3:
                        print("  differs, line %d %s: python %r java %r" % (i + 1, k, a, b))
    if bad:
        print("  differing values per field: %s; largest difference %d ulp" % (by_field, worst))
    return bad


def rss_run(pairs, lines):
    """Streams `lines` lines into the CLI and samples VmRSS; returns (seconds, samples in MiB)."""
    proc = subprocess.Popen(["java", "-jar", JAR, "score"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    encoded = [(json.dumps(p) + "\n").encode("utf-8") for p in pairs]
    samples, done = [], [0]

    def feed():
        for i in range(lines):
            proc.stdin.write(encoded[i % len(encoded)])
        proc.stdin.close()

    def drain():
        for _ in proc.stdout:
            done[0] += 1

    start = time.perf_counter()
    threads = [threading.Thread(target=feed), threading.Thread(target=drain)]
    for t in threads:
        t.start()
    while proc.poll() is None:
        try:
            with open("/proc/%d/status" % proc.pid) as f:
                kb = next(int(l.split()[1]) for l in f if l.startswith("VmRSS"))
            samples.append((done[0], kb / 1024))
        except (OSError, StopIteration):
            pass
        time.sleep(0.5)
    for t in threads:
        t.join()
    return time.perf_counter() - start, done[0], samples


def main():
    global JAR
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--rss-lines", type=int, default=0)
    ap.add_argument("--jar", default=JAR, help="the scorer CLI jar (default: %(default)s)")
    args = ap.parse_args()
    JAR = args.jar
    if not os.path.exists(JAR):
        sys.exit("build the CLI first: mvn -q -DskipTests package")
    tmp = tempfile.mkdtemp(prefix="mgs-scorer-bench-")
    pairs = generate(args.pairs)
    words = sum(len(p["hyp"].split()) + len(p["ref"].split()) for p in pairs) / (2 * len(pairs))
    if args.rss_lines:
        seconds, done, samples = rss_run(pairs, args.rss_lines)
        print("%d lines streamed in %.1f s (%d output lines)" % (args.rss_lines, seconds, done))
        for frac in (0.1, 0.25, 0.5, 0.75, 1.0):
            upto = [mb for n, mb in samples if n <= frac * args.rss_lines]
            if upto:
                print("  RSS up to %3d%% of the lines: peak %.0f MiB" % (frac * 100, max(upto)))
        return
    pairs_file = os.path.join(tmp, "pairs.jsonl")
    with open(pairs_file, "w", encoding="utf-8") as f:
        for p in pairs:
            f.write(json.dumps(p) + "\n")
    os.environ["NLTK_DATA"] = wordnet_data(tmp)
    print("%d pairs, %.1f words per segment on average, %s" % (len(pairs), words, pairs_file))
    py_times, java_times = [], []
    py_rows = None
    out_file = os.path.join(tmp, "java.jsonl")
    for _ in range(args.repeat):
        t, py_rows = python_scores(pairs)
        py_times.append(t)
        java_times.append(java_run(pairs_file, out_file))
        print("  python loop %.2f s   java process %.2f s" % (py_times[-1], java_times[-1]))
    bad = compare(py_rows, out_file)
    java_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    py, java = min(py_times), min(java_times)
    print("python loop (best of %d): %.2f s   java whole process (best of %d): %.2f s   ratio %.1fx"
          % (args.repeat, py, args.repeat, java, py / java))
    print("java peak RSS %.0f MiB; %d of %d values differ from Python" % (java_rss, bad, len(pairs) * len(FIELDS)))


if __name__ == "__main__":
    main()
