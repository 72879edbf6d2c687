import { Writable } from 'node:stream'
import { createLogger } from '../../common/logger.js'
const SECRET = 'sk-SECRET-123'
const shapes: Array<Record<string, unknown>> = [
  { authorization: SECRET },
  { headers: { authorization: `Bearer ${SECRET}` } },
  { headers: { Authorization: `Bearer ${SECRET}` } },
  { headers: { 'x-api-key': SECRET } },
  { headers: { 'api-key': SECRET } },
  { headers: { cookie: SECRET } },
  { headers: { 'set-cookie': [SECRET] } },
  { headers: { 'proxy-authorization': SECRET } },
  { req: { headers: { 'x-api-key': SECRET } } },
  { req: { headers: { authorization: SECRET } } },
  { request: { headers: { 'x-api-key': SECRET } } },
  { request: { headers: { authorization: SECRET } } },
  { upstream: { request: { headers: { authorization: SECRET } } } },
  { res: { headers: { 'set-cookie': SECRET } } },
  { apiKey: SECRET }, { a: { apiKey: SECRET } }, { a: { b: { apiKey: SECRET } } }, { a: { b: { c: { apiKey: SECRET } } } },
  { token: SECRET }, { a: { b: { token: SECRET } } },
  { credential: SECRET }, { a: { b: { credential: SECRET } } },
  { joinToken: SECRET }, { a: { b: { joinToken: SECRET } } },
  { body: { joinToken: SECRET } },
  { secret: SECRET }, { password: SECRET },
  { key: SECRET }, { privateKey: SECRET }, { a: { privateKey: SECRET } },
  { access_token: SECRET }, { refresh_token: SECRET }, { id_token: SECRET }, { client_secret: SECRET },
  { a: { access_token: SECRET } },
  { headers: { 'X-Api-Key': SECRET } },
]
for (const s of shapes) {
  let out = ''
  const dest = new Writable({ write (c, _e, cb) { out += String(c); cb() } })
  const log = createLogger({ destination: dest })
  log.info(s, 'msg')
  if (out.includes('SECRET')) console.log('LEAK', JSON.stringify(s))
}
