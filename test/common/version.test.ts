import { readFileSync } from 'node:fs'

import t from 'tap'

import { AGENT_VERSION } from '../../agent/tunnel-client.js'
import { KEYWARD_VERSION } from '../../common/version.js'

t.test('KEYWARD_VERSION is package.json\'s version, and the agent announces it', async (t) => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  t.equal(KEYWARD_VERSION, pkg.version)
  t.equal(AGENT_VERSION, KEYWARD_VERSION)
})
