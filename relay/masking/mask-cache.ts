/**
 * One compiled masker per policy version: the `mask:` section is compiled the first time a request needs it and
 * reused until a reload produces a new policy object (the old one is then garbage collected with its entry).
 */
import { compileMask } from './detectors.js'

import type { CompiledMask } from './detectors.js'
import type { MaskConfig } from './mask-config.js'

const cache = new WeakMap<object, CompiledMask>()

/** The compiled form of `config` (a policy's frozen `mask:` section), with `hashKey` for the hash strategy. */
export function compiledMaskFor (config: Readonly<MaskConfig>, hashKey: Uint8Array | undefined): CompiledMask {
  let compiled = cache.get(config)
  if (compiled === undefined) {
    compiled = compileMask(config as MaskConfig, hashKey === undefined ? {} : { hashKey })
    cache.set(config, compiled)
  }
  return compiled
}
