#!/usr/bin/env bash
# Trains the bundled MLE model exactly as it was made (2 CPU cores, ~15 minutes), with the project's own
# `mle` command, and copies it into the example's resources.
#   bash mgs-examples/scripts/model/train_bundled.sh
# The run checkpoints to target/bundled-ckpt: interrupted, the same command resumes it exactly.
set -euo pipefail
cd "$(dirname "$0")/../../.."
mvn -q -B -DskipTests package
export THP_MEM_ALLOC_ENABLE=1
java -jar mgs-examples/target/mgs-examples-cli.jar mle \
  --init 128,4,4,256 --dropout 0.1 --mle-tokens CONTINUATION \
  --steps 900 --batch 32 --lr 1.5e-3 --seed 1 \
  --validate-every 300 --valid-size 256 --patience 3 \
  --checkpoints target/bundled-ckpt \
  --out target/bundled-model
cp target/bundled-model/{config.json,model.safetensors,tokenizer.json} \
  mgs-examples/src/main/resources/io/github/mgs4j/examples/model/
