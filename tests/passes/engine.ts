/**
 * The `interp-O<level>` engine for the spec runner: the `interp` engine (tests/interp) with
 * the optimization pipeline between translation and interpretation, and the IR verifier
 * after every pass. The IR interpreter is the oracle: a pass is sound on the suite when
 * this engine passes everything the plain interpreter passes.
 */
import { ALL_FEATURES, type WasmFeatures } from '../../compiler/features.js';
import { parseModule } from '../../compiler/parse.js';
import { optimizeModule, type PipelineOptions } from '../../compiler/pipeline.js';
import { translateModule } from '../../compiler/translate.js';
import { instantiateIr } from '../../ir/interpreter/index.js';
import { createInterpEngine } from '../interp/engine.js';
import { suiteFeatures, type Engine } from '../spec/engine.js';

export function createOptimizedInterpEngine(pipeline: PipelineOptions = { optLevel: 2 }): Engine {
  const base = createInterpEngine();
  let features: Readonly<WasmFeatures> = ALL_FEATURES;
  const label = pipeline.passes !== undefined ? pipeline.passes.join('+') : `O${pipeline.optLevel ?? 2}`;
  return {
    ...base,
    name: `interp-${label}`,
    instantiate(bytes, imports) {
      const ir = translateModule(parseModule(bytes, { features }));
      optimizeModule(ir, { ...pipeline, verify: true });
      return instantiateIr(ir, imports);
    },
    prepareFor(suite) {
      base.prepareFor?.(suite);
      features = suiteFeatures(suite);
    },
  };
}
