#!/usr/bin/env bash
# Trains the bundled Spanish->English Marian model exactly as it was made, with the project's own `translate mle`
# command, and copies it (float16) into the example's resources.
#   bash mgs-examples/scripts/translation/train_bundled.sh
# The run checkpoints to target/translation-ckpt: interrupted, the same command resumes it exactly; a run stopped
# early is finished (best validation checkpoint restored and saved) by re-running with --steps set to the
# steps already done.
set -euo pipefail
cd "$(dirname "$0")/../../.."
STEPS="${STEPS:-600}"
[ -f mgs-examples/target/mgs-examples-cli.jar ] || mvn -q -B -DskipTests package
export THP_MEM_ALLOC_ENABLE=1
java -Dai.djl.pytorch.num_threads=2 -jar mgs-examples/target/mgs-examples-cli.jar translate mle \
  --init 128,3,4,512 --dropout 0.1 --label-smoothing 0.1 \
  --steps "$STEPS" --batch-tokens 3072 --batch-rows 128 --lr 7e-4 --weight-decay 0.0001 --seed 1 \
  --validate-every 300 --valid-size 300 --beam 5 --patience 5 \
  --checkpoints target/translation-ckpt \
  --float16 --out target/translation-model
cp target/translation-model/{config.json,model.safetensors} \
  mgs-examples/src/main/resources/io/github/mgs4j/examples/translation-model/
