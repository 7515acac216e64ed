// A stand-in for lib-jitsi-meet's JitsiMeetJS, served by the browser test at the configured library URL.
// It checks the token the way Prosody would before letting the page in (typ JWT, room, nbf/exp as numbers,
// features present) and records every call in window.__jitsiStandIn, so the test can see what the page did.
// window.__jitsiStandInMode = 'refuse' makes the connection fail as a refused token does.
(function () {
  const calls = []
  window.__jitsiStandIn = calls
  const events = {
    connection: { CONNECTION_ESTABLISHED: 'connection.established', CONNECTION_FAILED: 'connection.failed',
      CONNECTION_TOKEN_EXPIRED: 'connection.token_expired' },
    conference: { TRACK_ADDED: 'conference.trackAdded', CONFERENCE_JOINED: 'conference.joined',
      CONFERENCE_FAILED: 'conference.failed', USER_JOINED: 'conference.userJoined' },
  }
  const errors = { connection: { PASSWORD_REQUIRED: 'connection.passwordRequired' } }
  function decode(part) {
    return JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/')))
  }
  function checkToken(token, room) {
    try {
      const [h, p] = token.split('.')
      const header = decode(h)
      const claims = decode(p)
      const now = Date.now() / 1000
      const ok = header.typ === 'JWT' && (claims.room === room || claims.room === '*') && room === room.toLowerCase()
        && typeof claims.nbf === 'number' && typeof claims.exp === 'number' && claims.nbf <= now && claims.exp > now
        && claims.context && claims.context.features && claims.context.features.recording === 'false'
      return ok ? claims : null
    } catch (e) {
      return null
    }
  }
  function emitter() {
    const handlers = {}
    return {
      on(ev, fn) { (handlers[ev] = handlers[ev] || []).push(fn) },
      emit(ev, ...args) { (handlers[ev] || []).forEach((fn) => fn(...args)) },
    }
  }
  function fakeRemoteTrack() {
    const canvas = document.createElement('canvas')
    canvas.width = 160
    canvas.height = 120
    const g = canvas.getContext('2d')
    let n = 0
    setInterval(() => { g.fillStyle = n++ % 2 ? '#3a7' : '#37a'; g.fillRect(0, 0, 160, 120) }, 100)
    const track = canvas.captureStream(10).getVideoTracks()[0]
    return { isLocal: () => false, getTrack: () => track, getType: () => 'video' }
  }
  class JitsiConnection {
    constructor(appId, token, options) {
      this.appId = appId
      this.token = token
      this.options = options
      this.bus = emitter()
      calls.push({ call: 'JitsiConnection', appId, token, options })
    }
    addEventListener(ev, fn) { this.bus.on(ev, fn) }
    connect() {
      calls.push({ call: 'connect' })
      setTimeout(() => {
        if (window.__jitsiStandInMode === 'refuse' || !this.token) {
          this.bus.emit(events.connection.CONNECTION_FAILED, errors.connection.PASSWORD_REQUIRED, 'not-allowed')
        } else {
          this.bus.emit(events.connection.CONNECTION_ESTABLISHED)
        }
      }, 50)
    }
    initJitsiConference(room, config) {
      calls.push({ call: 'initJitsiConference', room, config })
      const claims = checkToken(this.token, room)
      const bus = emitter()
      return {
        on: bus.on,
        setDisplayName(name) { calls.push({ call: 'setDisplayName', name }) },
        async addTrack(t) { calls.push({ call: 'addTrack', type: t.getType() }) },
        join() {
          calls.push({ call: 'join', claims })
          setTimeout(() => {
            if (!claims) return bus.emit(events.conference.CONFERENCE_FAILED, 'conference.authenticationRequired')
            bus.emit(events.conference.CONFERENCE_JOINED)
            bus.emit(events.conference.TRACK_ADDED, fakeRemoteTrack())
          }, 50)
        },
        async leave() { calls.push({ call: 'leave' }) },
      }
    }
    disconnect() { calls.push({ call: 'disconnect' }) }
  }
  window.JitsiMeetJS = {
    events,
    errors,
    init(options) { calls.push({ call: 'init', options }) },
    JitsiConnection,
    async createLocalTracks(options) {
      calls.push({ call: 'createLocalTracks', options })
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true })
      return stream.getTracks().map((t) => ({
        isLocal: () => true, getType: () => t.kind, getTrack: () => t, mute() { t.enabled = false },
        unmute() { t.enabled = true }, dispose() { t.stop() },
      }))
    },
  }
})()
