// A small in-memory stand-in for the gateway, used only when WENXIN_BASE_URL is not set:
// it serves dist/ with the gateway's Content-Security-Policy and fakes the API contract,
// so the browser tests can run before (or without) the Java service. The real contract lives in the gateway.
import http from 'node:http'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const dist = path.resolve(here, '../../dist')
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ws: wss:; frame-ancestors 'none'"
const PASSWORD = process.env.WENXIN_DEMO_PASSWORD || 'wenxin-demo-2026'
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.ttf': 'font/ttf' }

const users = {
  student001: { id: 'u-s1', role: 'student', displayName: '学生一', anonymous: false, grade: '初二', school: '第一中学' },
  parent001: { id: 'u-p1', role: 'parent', displayName: '家长一', anonymous: false, children: [{ id: 'u-c1', displayName: '小明', grade: '三年级', under14: true, guardianConsent: false }] },
  expert001: { id: 'e1', role: 'expert', displayName: '林老师', anonymous: false },
  hotline01: { id: 'u-h1', role: 'hotline', displayName: '值班员王', anonymous: false },
  admin01: { id: 'u-a1', role: 'admin', displayName: '管理员', anonymous: false },
}
const experts = [
  { id: 'e1', name: '林老师', gender: 'female', title: '国家二级心理咨询师', avatarUrl: null, specialties: ['academic_stress', 'emotions', 'sleep'], gradeBands: ['junior', 'senior'], languages: ['zh', 'wzh'], modes: ['chat', 'video'], rating: { average: 4.8, count: 32 }, bio: '十年中学心理辅导经验。', qualifications: ['国家二级心理咨询师'] },
  { id: 'e2', name: '陈老师', gender: 'male', title: '学校心理教师', avatarUrl: null, specialties: ['relationships', 'bullying', 'parent_child'], gradeBands: ['primary_upper', 'junior'], languages: ['zh', 'en'], modes: ['chat'], rating: { average: 4.6, count: 12 }, bio: 'Listens first.', qualifications: ['心理健康教育教师资格'] },
]
const access = new Map() // token -> username
const refresh = new Map()
const bookings = []
const consents = []
const waitlist = []
let availability = { timeZone: 'Asia/Shanghai', slotMinutes: 50, bufferMinutes: 10, minNoticeMinutes: 120, horizonDays: 28, dailyCap: 6, weekly: [{ day: 1, start: '09:00', end: '12:00' }], exceptions: [] }
let anonN = 0

function slotsFor(expertId, from, to) {
  const out = []
  const start = new Date(from)
  start.setUTCMinutes(0, 0, 0)
  for (let t = start.getTime(); t < new Date(to).getTime(); t += 3600_000) {
    const d = new Date(t)
    const h = (d.getUTCHours() + 8) % 24
    if (h < 9 || h > 17 || h === 12) continue
    if (t < Date.now() + 2 * 3600_000) continue
    const s = d.toISOString()
    const taken = bookings.some((b) => b.expertId === expertId && b.start === s && b.status === 'confirmed')
    out.push({ start: s, end: new Date(t + 50 * 60_000).toISOString(), available: !taken })
  }
  return out
}
const nextFree = (id) => slotsFor(id, new Date().toISOString(), new Date(Date.now() + 14 * 864e5).toISOString()).find((s) => s.available)?.start ?? null

function issue(username, extra = {}) {
  const a = crypto.randomUUID(), r = crypto.randomUUID()
  access.set(a, username)
  refresh.set(r, username)
  return { accessToken: a, refreshToken: r, expiresIn: 900, ...extra }
}
function send(res, status, body, headers = {}) {
  if (status === 204) { res.writeHead(204, headers); return res.end() }
  const problem = status >= 400
  res.writeHead(status, { 'Content-Type': problem ? 'application/problem+json' : 'application/json', ...headers })
  res.end(JSON.stringify(problem ? { type: 'about:blank', title: body.title ?? 'Error', status, detail: body.detail ?? body.title, requestId: crypto.randomUUID() } : body))
}
async function readJson(req) {
  let s = ''
  for await (const c of req) s += c
  try { return s ? JSON.parse(s) : {} } catch { return {} }
}
function userOf(req) {
  const h = req.headers.authorization || ''
  const name = access.get(h.replace(/^Bearer /, ''))
  if (!name) return null
  return users[name] ?? name
}

async function api(req, res, url) {
  const p = url.pathname
  const m = req.method
  if (p === '/api/v1/config/public') return send(res, 200, { hotlines: [{ number: '96525', label: '温州心理援助热线' }, { number: '92355', label: '青少年心理热线' }], defaultTimeZone: 'Asia/Shanghai', policyVersion: '2026-11' })
  if (p === '/api/v1/auth/login' && m === 'POST') {
    const b = await readJson(req)
    if (!users[b.username] || b.password !== PASSWORD) return send(res, 401, { title: 'Unauthorized', detail: 'Bad credentials' })
    return send(res, 200, issue(b.username))
  }
  if (p === '/api/v1/auth/anonymous' && m === 'POST') {
    const pseudonym = `蓝色海豚-${3800 + ++anonN}`
    users[pseudonym] = { id: `anon-${anonN}`, role: 'student', displayName: pseudonym, pseudonym, anonymous: true }
    return send(res, 200, issue(pseudonym, { pseudonym }))
  }
  if (p === '/api/v1/auth/refresh' && m === 'POST') {
    const b = await readJson(req)
    const name = refresh.get(b.refreshToken)
    if (!name) return send(res, 401, { title: 'Unauthorized' })
    refresh.delete(b.refreshToken)
    return send(res, 200, issue(name))
  }
  const me = userOf(req)
  if (!me) return send(res, 401, { title: 'Unauthorized' })
  if (p === '/api/v1/auth/logout' && m === 'POST') {
    const b = await readJson(req)
    refresh.delete(b.refreshToken)
    for (const [k, v] of access) if (users[v] === me) access.delete(k)
    return send(res, 204)
  }
  if (p === '/api/v1/me') return send(res, 200, me)
  if (p === '/api/v1/notifications') return send(res, 200, { items: [], unread: 0 })
  if (p === '/api/v1/experts') {
    const topic = url.searchParams.get('topic')
    const items = experts.filter((e) => !topic || e.specialties.includes(topic)).map(({ bio, qualifications, ...e }) => ({ ...e, nextFreeSlot: nextFree(e.id) }))
    return send(res, 200, { items, total: items.length })
  }
  let g
  if ((g = p.match(/^\/api\/v1\/experts\/([^/]+)$/))) {
    const e = experts.find((x) => x.id === g[1])
    if (!e) return send(res, 404, { title: 'Not found' })
    return send(res, 200, { ...e, nextFreeSlot: nextFree(e.id), nextFreeSlots: [] })
  }
  if ((g = p.match(/^\/api\/v1\/experts\/([^/]+)\/slots$/))) return send(res, 200, slotsFor(g[1], url.searchParams.get('from'), url.searchParams.get('to')))
  if ((g = p.match(/^\/api\/v1\/experts\/([^/]+)\/waitlist$/))) {
    const b = await readJson(req)
    const w = { id: crypto.randomUUID(), expertId: g[1], expertName: experts.find((e) => e.id === g[1])?.name, date: b.date, status: 'waiting' }
    waitlist.push(w)
    return send(res, 201, w)
  }
  if (p === '/api/v1/bookings' && m === 'POST') {
    const b = await readJson(req)
    const e = experts.find((x) => x.id === b.expertId)
    if (bookings.some((x) => x.expertId === b.expertId && x.start === b.start && x.status === 'confirmed')) return send(res, 409, { title: 'Slot taken' })
    const bk = { id: crypto.randomUUID(), expertId: e.id, expertName: e.name, studentId: me.id, studentName: me.displayName, bookedBy: me.id, start: b.start, end: new Date(Date.parse(b.start) + 50 * 60_000).toISOString(), mode: b.mode, topic: b.topic, status: 'confirmed', late: false, createdAt: new Date().toISOString() }
    bookings.push(bk)
    return send(res, 201, bk)
  }
  if (p === '/api/v1/bookings') {
    const up = url.searchParams.get('scope') !== 'past'
    return send(res, 200, { items: bookings.filter((b) => b.bookedBy === me.id && (Date.parse(b.end) > Date.now()) === up) })
  }
  if ((g = p.match(/^\/api\/v1\/bookings\/([^/]+)\/cancel$/))) {
    const b = bookings.find((x) => x.id === g[1])
    b.status = 'cancelled'
    return send(res, 200, b)
  }
  if (p === '/api/v1/waitlist') return send(res, 200, { items: waitlist })
  if (p === '/api/v1/lessons') return send(res, 200, { items: [{ id: 'l1', title: '认识情绪', series: 'student', gradeStage: 'junior', durationMinutes: 12, summary: '情绪没有好坏。' }, { id: 'l2', title: '倾听孩子', series: 'parent', gradeStage: 'primary', durationMinutes: 20, summary: '先听，再说。' }] })
  if (p === '/api/v1/consents' && m === 'GET') return send(res, 200, { items: consents })
  if (p === '/api/v1/consents' && m === 'POST') {
    const b = await readJson(req)
    const c = { id: crypto.randomUUID(), ...b, grantedAt: new Date().toISOString(), withdrawnAt: null }
    consents.push(c)
    return send(res, 201, c)
  }
  if (p === '/api/v1/me/availability' && m === 'GET') return send(res, 200, availability)
  if (p === '/api/v1/me/availability' && m === 'PUT') { availability = await readJson(req); return send(res, 200, availability) }
  if (p === '/api/v1/me/schedule') return send(res, 200, { items: bookings.filter((b) => b.expertId === me.id) })
  if (p === '/api/v1/me/calendar-feed') return send(res, 200, { url: '/api/v1/calendar/feed/secret-token.ics' })
  if (p === '/api/v1/admin/overview') return send(res, 200, { experts: 2, students: 10, parents: 5, bookingsUpcoming: bookings.length, bookingsToday: 0, cancelledLast7Days: 0 })
  return send(res, 404, { title: 'Not found' })
}

function serveStatic(req, res, url) {
  let file = path.join(dist, decodeURIComponent(url.pathname))
  if (!file.startsWith(dist) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(dist, 'index.html')
  res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Content-Security-Policy': CSP })
  fs.createReadStream(file).pipe(res)
}

// Minimal WebSocket (RFC 6455, text frames only): hello -> welcome, ping -> pong.
function wsFrame(text) {
  const data = Buffer.from(text)
  const len = data.length
  const head = len < 126 ? Buffer.from([0x81, len]) : Buffer.from([0x81, 126, len >> 8, len & 255])
  return Buffer.concat([head, data])
}
function onUpgrade(req, socket) {
  const key = req.headers['sec-websocket-key']
  const accept = crypto.createHash('sha1').update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64')
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`)
  let buf = Buffer.alloc(0)
  socket.on('data', (chunk) => {
    buf = Buffer.concat([buf, chunk])
    while (buf.length >= 2) {
      const op = buf[0] & 0x0f
      let len = buf[1] & 0x7f
      let off = 2
      if (len === 126) { len = buf.readUInt16BE(2); off = 4 }
      if (buf.length < off + 4 + len) return
      const mask = buf.subarray(off, off + 4)
      const payload = Buffer.from(buf.subarray(off + 4, off + 4 + len)).map((b, i) => b ^ mask[i % 4])
      buf = buf.subarray(off + 4 + len)
      if (op === 8) { socket.end(); return }
      if (op !== 1) continue
      let msg
      try { msg = JSON.parse(payload.toString()) } catch { continue }
      if (msg.type === 'hello') {
        const u = users[access.get(msg.token)]
        if (!u) { socket.end(Buffer.from([0x88, 2, 0x11, 0x31])); return } // close 4401
        socket.write(wsFrame(JSON.stringify({ type: 'welcome', userId: u.id })))
      } else if (msg.type === 'ping') socket.write(wsFrame(JSON.stringify({ type: 'pong' })))
    }
  })
  socket.on('error', () => {})
}

export function startMockServer(port = 0) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost')
    if (url.pathname.startsWith('/api/')) return api(req, res, url).catch((e) => send(res, 500, { title: String(e) }))
    if (url.pathname === '/health' || url.pathname === '/ready') return send(res, 200, { status: 'UP' })
    serveStatic(req, res, url)
  })
  server.on('upgrade', (req, socket) => (req.url.startsWith('/ws') ? onUpgrade(req, socket) : socket.destroy()))
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}` })))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  startMockServer(Number(process.env.PORT || 4173)).then(({ url }) => console.log(`mock Wenxin at ${url}`))
}
