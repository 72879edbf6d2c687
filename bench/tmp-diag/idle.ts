import { deploy, deployRelay, teardown } from '../lib/deployment.js'
import { cpuMsOf } from '../lib/processes.js'
const d = await deploy()
const masked = await deployRelay(d.direct, { label: 'masked', policy: { mask: { builtin: ['email'] } } })
await new Promise((r) => setTimeout(r, 3000))
const a0 = cpuMsOf(d.relay.relayPid), b0 = cpuMsOf(masked.relayPid)
await new Promise((r) => setTimeout(r, 10000))
console.log('idle CPU ms over 10 s: plain', cpuMsOf(d.relay.relayPid) - a0, 'masked', cpuMsOf(masked.relayPid) - b0)
await teardown()
