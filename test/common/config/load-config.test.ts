import { loadRelayConfig } from '../../../relay/relay-config.js'
try { loadRelayConfig('/tmp/kw/bad.yaml') } catch (e) { console.log((e as Error).message) }
try { loadRelayConfig('/tmp/kw/nope.yaml') } catch (e) { console.log((e as Error).message) }
try { loadRelayConfig('/tmp/kw/dup.yaml') } catch (e) { console.log((e as Error).message) }
