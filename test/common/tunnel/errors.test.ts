import t from 'tap'

import { GatewayError } from '../../../common/errors.js'
import * as errors from '../../../common/tunnel/errors.js'

t.test('every tunnel error class has a unique GW_ERR_TUNNEL_ code, name and status', async (t) => {
  const classes = Object.values(errors).filter((v): v is typeof errors.TunnelClosedError => typeof v === 'function')
  const codes = new Set<string>()
  for (const Cls of classes) {
    const err = new Cls()
    t.ok(err instanceof GatewayError, `${Cls.name} is a GatewayError`)
    t.match(err.code, /^GW_ERR_TUNNEL_[A-Z_]+$/)
    t.equal(err.name, Cls.name)
    t.equal((Cls as unknown as { code: string }).code, err.code, 'static code matches')
    t.ok(err.message.length > 0, 'has a default message')
    codes.add(err.code)
  }
  t.equal(codes.size, classes.length, 'codes are unique')
  t.ok(classes.length >= 10)
})

t.test('frame-level errors carry the close code the owner must use', async (t) => {
  t.equal(new errors.TunnelFrameTooLargeError().closeCode, 1009)
  t.equal(new errors.TunnelFrameMalformedError().closeCode, 1002)
  t.equal(new errors.TunnelProtocolError().closeCode, 1002)
  t.equal(new errors.TunnelFlowControlError().closeCode, 1002)
  t.equal(new errors.TunnelTooManyStreamsError().status, 503)
  t.equal(new errors.TunnelGoingAwayError().status, 503)
  t.equal(new errors.TunnelClosedError().status, 502)
})

t.test('TunnelStreamResetError keeps the remote code and message', async (t) => {
  const e = new errors.TunnelStreamResetError('denied', { remoteCode: 'GW_ERR_POLICY_DENIED' })
  t.match(e, { code: 'GW_ERR_TUNNEL_STREAM_RESET', remoteCode: 'GW_ERR_POLICY_DENIED', remoteMessage: 'denied', origin: 'remote', message: 'denied' })
  const d = new errors.TunnelStreamResetError()
  t.match(d, { remoteCode: 'GW_ERR_TUNNEL_STREAM_RESET', remoteMessage: '', message: 'tunnel stream was reset' })
})
