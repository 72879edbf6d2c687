import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'

import { closeConnections, resolveConnections } from '../../agent/connection-registry.js'
import { ConfigInvalidError } from '../../common/errors.js'

t.test('credentials from env and file become the right auth header per dialect', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kw-cred-'))
  writeFileSync(join(dir, 'key'), 'sk-ant-from-file\n')
  const c = resolveConnections({
    openai: { upstream: 'https://api.openai.com/v1', type: 'openai', credential: { env: 'OPENAI_KEY' }, headers: { 'OpenAI-Organization': 'org-1' } },
    anthropic: { upstream: 'https://api.anthropic.com/v1', type: 'anthropic', credential: { file: join(dir, 'key') }, headers: {} },
    local: { upstream: 'http://127.0.0.1:11434/v1', type: 'openai', headers: {} }
  }, { OPENAI_KEY: ' sk-openai ' })
  t.teardown(() => closeConnections(c))
  t.same(c.get('openai')?.authHeaders, [['authorization', 'Bearer sk-openai']])
  t.same(c.get('openai')?.extraHeaders, [['openai-organization', 'org-1']])
  t.same(c.get('anthropic')?.authHeaders, [['x-api-key', 'sk-ant-from-file']])
  t.same(c.get('local')?.authHeaders, [], 'a connection without credential sends none')
})

t.test('every missing credential is listed at once (GW_ERR_CONFIG_INVALID)', async (t) => {
  const err = (() => {
    try {
      resolveConnections({
        a: { upstream: 'https://a.example/v1', type: 'openai', credential: { env: 'NOPE_A' }, headers: {} },
        b: { upstream: 'https://b.example/v1', type: 'openai', credential: { file: '/nonexistent/key' }, headers: {} }
      }, {})
    } catch (e) {
      return e
    }
    return undefined
  })()
  t.type(err, ConfigInvalidError)
  t.match((err as Error).message, /NOPE_A is not set/)
  t.match((err as Error).message, /\/nonexistent\/key: ENOENT/)
})

t.test('a key with CR/LF cannot inject headers', async (t) => {
  t.throws(() => resolveConnections({ a: { upstream: 'https://a.example/v1', type: 'openai', credential: { env: 'K' }, headers: {} } }, { K: 'sk-a\r\nx-evil: 1' }), ConfigInvalidError)
})
