"""Python peers of the mgs-losses JMH benchmark (side-by-side timing only; never a test dependency).

Usage: /work/venv/bin/python mgs-losses/src/test/python/bench_peers.py [--generate]
--generate rewrites src/test/resources/bench/pairs25.jsonl (1000 deterministic 25-token pairs).
Prints single-threaded pairs/s for sacrebleu.sentence_bleu, Levenshtein.distance on token lists and,
when NLTK's WordNet is installed, nltk meteor_score.
"""
import json, os, random, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
PAIRS = os.path.join(HERE, "..", "resources", "bench", "pairs25.jsonl")

WORDS = ("the a of to and in is was for on that with by as at from his her its their officials announced "
         "bridge will start carrying traffic next week after years construction many children often help "
         "parents small garden behind house committee met Tuesday discuss proposal new law enters force "
         "January school remain closed until Friday team lost final penalties company reported profit "
         "billion dollars flight delayed because technical problems two men arrested fight city centre "
         "volunteers cleaned beach Saturday morning actor received award life work big large home quickly "
         "fast began started running runs dogs barked loudly night market prices rose sharply during "
         "summer months government said plans change rules").split()
VARIANTS = {"start": "begin", "big": "large", "kids": "children", "children": "kids", "announced": "declared",
            "dogs": "dog", "running": "ran", "started": "began", "house": "home", "rose": "increased"}


def generate(n=1000, length=25, seed=7):
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        ref = [rnd.choice(WORDS) for _ in range(length)]
        hyp = list(ref)
        for i in range(length):
            u = rnd.random()
            if u < 0.10:
                hyp[i] = rnd.choice(WORDS)
            elif u < 0.18:
                hyp[i] = VARIANTS.get(hyp[i], hyp[i] + "s")
        if rnd.random() < 0.5:
            i = rnd.randrange(length - 3)
            hyp[i], hyp[i + 2] = hyp[i + 2], hyp[i]
        ref[0] = ref[0].capitalize()
        hyp[0] = hyp[0].capitalize()
        out.append({"hyp": " ".join(hyp) + ".", "ref": " ".join(ref) + "."})
    with open(PAIRS, "w", encoding="utf-8") as f:
        for p in out:
            f.write(json.dumps(p) + "\n")


def rate(fn, pairs, seconds=3.0):
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for h, r in pairs:
            fn(h, r)
        n += len(pairs)
    return n / (time.perf_counter() - start)


def main():
    if "--generate" in sys.argv:
        generate()
    pairs = [(d["hyp"], d["ref"]) for d in map(json.loads, open(PAIRS, encoding="utf-8"))]
    import sacrebleu, Levenshtein
    print("sacrebleu.sentence_bleu  %10.0f pairs/s" % rate(lambda h, r: sacrebleu.sentence_bleu(h, [r]), pairs))
    tok = [(h.split(), r.split()) for h, r in pairs]
    print("Levenshtein.distance tok %10.0f pairs/s" % rate(Levenshtein.distance, tok))
    try:
        from nltk.translate.meteor_score import meteor_score
        meteor_score([tok[0][1]], tok[0][0])
        print("nltk meteor_score        %10.0f pairs/s" % rate(lambda h, r: meteor_score([r], h), tok))
    except LookupError:
        print("nltk meteor_score        (WordNet corpus not installed: skipped)")


if __name__ == "__main__":
    main()
