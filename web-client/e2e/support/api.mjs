// Direct API calls from the test process (not the page): sign in, book, cancel, as a given demo account.
import assert from 'node:assert/strict'
import { PASSWORD, ctx } from './harness.mjs'

export async function tokenOf(username) {
  const res = await fetch(`${ctx.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  })
  assert.equal(res.status, 200, `sign-in of ${username}`)
  return (await res.json()).accessToken
}

export async function call(token, path, method = 'GET', body, headers = {}) {
  const res = await fetch(`${ctx.baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}

/** The free slots of an expert in the next three weeks (the list is {items} or, from older servers, bare). */
export async function freeSlots(token, expertId) {
  const from = new Date().toISOString()
  const to = new Date(Date.now() + 21 * 86400_000).toISOString()
  const r = await call(token, `/api/v1/experts/${expertId}/slots?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`)
  assert.equal(r.status, 200)
  const list = Array.isArray(r.body) ? r.body : r.body.items
  return list.filter((s) => s.available !== false && new Date(s.start) > new Date(Date.now() + 3 * 3600_000))
}

/** Books the expert's first free slot for the student; returns the booking. */
export async function bookFirstFree(studentToken, expertId, skip = 0) {
  const expert = (await call(studentToken, `/api/v1/experts/${expertId}`)).body
  const slots = await freeSlots(studentToken, expertId)
  assert.ok(slots.length > skip, `${expertId} has a free slot`)
  const r = await call(studentToken, '/api/v1/bookings', 'POST', {
    expertId, start: slots[skip].start, mode: expert.modes[0], topic: expert.specialties?.[0] ?? 'emotions',
  })
  assert.equal(r.status, 201, JSON.stringify(r.body))
  return r.body
}
