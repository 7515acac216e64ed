// A whole counseling session in two browsers: a student and an expert hold a booked chat session, a video
// session peer to peer (real WebRTC between two pages, fake camera and microphone), and the Jitsi path against
// a stand-in for JitsiMeetJS served at the configured library URL. The bookings, whose windows are open now,
// come from the Java side (SessionBrowserTest) in WENXIN_E2E_SESSIONS; without it these tests are skipped.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { PHONE, assertAccessible, assertNoConsoleErrors, ctx, login, newPage, screenshot, setup, url } from './support/harness.mjs'

setup(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required'])

const fixtures = process.env.WENXIN_E2E_SESSIONS ? JSON.parse(process.env.WENXIN_E2E_SESSIONS) : null
const skip = fixtures ? false : 'WENXIN_E2E_SESSIONS not set: SessionBrowserTest provides the open bookings'
const STAND_IN = path.join(path.dirname(fileURLToPath(import.meta.url)), 'support', 'jitsi-stand-in.js')

async function openSession(page, bookingId) {
  await page.goto(url(`/session/${bookingId}`))
  await page.getByTestId('session-page').waitFor()
}

async function admitted(student, expert, bookingId) {
  await student.getByTestId('session-join').click()
  await student.getByTestId('waiting-room').waitFor()
  await openSession(expert, bookingId)
  await expert.getByTestId('session-admit').click()
  await student.locator('[data-testid="session-page"][data-state="active"]').waitFor()
  await expert.locator('[data-testid="session-page"][data-state="active"]').waitFor()
}

test('a student and an expert hold a booked chat session, from My bookings to feedback', { skip }, async () => {
  const f = fixtures.chat
  const s = await newPage(PHONE)
  const e = await newPage()
  try {
    await login(s.page, f.student)
    await s.page.goto(url('/bookings'))
    await s.page.locator(`[data-booking-id="${f.bookingId}"] [data-testid="enter-session"]`).click()
    await s.page.getByTestId('consent-slot').waitFor({ state: 'attached' })
    assert.match(await s.page.getByTestId('shown-as').innerText(), /化名|老师看到的你是/)
    await s.page.getByTestId('session-join').click()
    await s.page.getByTestId('waiting-room').waitFor()
    assert.match(await s.page.getByTestId('starts-in').innerText(), /\d\d:\d\d/)
    await assertAccessible(s.page, 'waiting room')
    await screenshot(s.page, 'session-waiting-phone')

    await login(e.page, f.expert)
    await e.page.locator('[data-testid="enter-session"]').first().waitFor()
    await e.page.goto(url(`/session/${f.bookingId}`))
    await e.page.getByTestId('session-admit').click()
    await s.page.locator('[data-testid="session-page"][data-state="active"]').waitFor()

    await s.page.getByTestId('chat-input').fill('老师好，我最近睡不着。')
    await s.page.getByTestId('chat-send').click()
    await e.page.locator('[data-testid="chat-message"][data-from="student"]', { hasText: '睡不着' }).waitFor()
    await e.page.getByTestId('chat-input').fill('谢谢你愿意说出来，我们慢慢聊。')
    await e.page.keyboard.press('Enter')
    await s.page.locator('[data-testid="chat-message"][data-from="expert"]', { hasText: '慢慢聊' }).waitFor()
    // A reload loses nothing and shows nothing twice.
    await s.page.reload()
    await s.page.locator('[data-testid="chat-message"]').nth(1).waitFor()
    assert.equal(await s.page.locator('[data-testid="chat-message"]').count(), 2)
    assert.ok(await s.page.locator('.helpbar-tel').first().isVisible(), 'hotline numbers in view')
    await assertAccessible(s.page, 'chat session')
    await screenshot(s.page, 'session-chat-phone')
    await screenshot(e.page, 'session-chat-expert')

    await e.page.getByTestId('session-end').click()
    await s.page.getByTestId('session-feedback').waitFor()
    await s.page.getByTestId('star-5').check()
    await s.page.getByTestId('feedback-send').click()
    await s.page.getByTestId('feedback-thanks').waitFor()
    assertNoConsoleErrors(s.page, 'student session')
    assertNoConsoleErrors(e.page, 'expert session')
  } finally {
    await s.context.close()
    await e.context.close()
  }
})

async function inbound(page) {
  return page.evaluate(async () => (window.__wenxinCall ? window.__wenxinCall.inbound() : { framesDecoded: 0, bytesReceived: 0 }))
}

test('a peer-to-peer video call between two pages: each side decodes the other\'s frames', { skip }, async () => {
  const f = fixtures.video
  const s = await newPage()
  const e = await newPage()
  try {
    await login(s.page, f.student)
    await login(e.page, f.expert)
    await openSession(s.page, f.bookingId)
    await admitted(s.page, e.page, f.bookingId)
    for (const p of [e.page, s.page]) {
      await p.getByTestId('video-preview').click()
      await p.getByTestId('video-join').click()
    }
    let a = { framesDecoded: 0 }
    let b = { framesDecoded: 0 }
    for (let i = 0; i < 60 && (a.framesDecoded < 10 || b.framesDecoded < 10); i++) {
      await s.page.waitForTimeout(250)
      a = await inbound(s.page)
      b = await inbound(e.page)
    }
    console.log('p2p inbound video: student', JSON.stringify(a), 'expert', JSON.stringify(b))
    assert.ok(a.framesDecoded >= 10 && a.bytesReceived > 0, `student decoded the expert's video: ${JSON.stringify(a)}`)
    assert.ok(b.framesDecoded >= 10 && b.bytesReceived > 0, `expert decoded the student's video: ${JSON.stringify(b)}`)
    await s.page.getByTestId('mute-mic').click()
    assert.equal(await s.page.getByTestId('mute-mic').getAttribute('aria-pressed'), 'true')
    await screenshot(s.page, 'session-video-p2p')
    await s.page.getByTestId('video-leave').click()
    await e.page.getByText(/对方已离开视频/).waitFor()
  } finally {
    await s.context.close()
    await e.context.close()
  }
})

async function serveStandIn(page) {
  await page.route('**/__e2e__/lib-jitsi-meet.min.js', (route) => route.fulfill({ path: STAND_IN, contentType: 'text/javascript' }))
}

test('the Jitsi path: the page loads the library from the configured URL and joins with a token it accepts', { skip }, async () => {
  const f = fixtures.jitsi
  const base = ctx.baseUrl
  ctx.baseUrl = f.baseUrl
  const s = await newPage()
  const e = await newPage()
  try {
    await serveStandIn(s.page)
    await serveStandIn(e.page)
    await login(s.page, f.student)
    await login(e.page, f.expert)
    await openSession(s.page, f.bookingId)
    await admitted(s.page, e.page, f.bookingId)
    await e.page.getByTestId('video-preview').click()
    await e.page.getByTestId('video-join').click()
    await e.page.locator('[data-testid="video-panel"][data-phase="in-call"]').waitFor()
    const calls = await e.page.evaluate(() => window.__jitsiStandIn)
    const conn = calls.find((c) => c.call === 'JitsiConnection')
    const joined = calls.find((c) => c.call === 'join')
    assert.ok(joined.claims, 'the stand-in accepted the token')
    assert.equal(joined.claims.context.user.moderator, 'true')
    assert.equal(joined.claims.context.user.affiliation, 'owner')
    assert.match(conn.options.serviceUrl, /^wss:\/\/meet\.test\.local\/xmpp-websocket$/)
    assert.equal(conn.options.hosts.muc, 'conference.meet.test.local')
    assert.match(calls.find((c) => c.call === 'initJitsiConference').room, /^[a-z0-9]+$/)
    // A refused token: a clear message, and the chat is still there to go on in.
    await s.page.evaluate(() => (window.__jitsiStandInMode = 'refuse'))
    await s.page.getByTestId('video-preview').click()
    await s.page.getByTestId('video-join').click()
    await s.page.getByTestId('video-problem').waitFor()
    assert.match(await s.page.getByTestId('video-problem').innerText(), /拒绝/)
    assert.ok(await s.page.getByTestId('chat-input').isEnabled())
    const studentCalls = await s.page.evaluate(() => window.__jitsiStandIn)
    const studentToken = studentCalls.find((c) => c.call === 'JitsiConnection').token
    const claims = JSON.parse(Buffer.from(studentToken.split('.')[1], 'base64url').toString())
    assert.equal(claims.context.user.name, f.studentLabel)
    assert.ok(!JSON.stringify(claims).includes(f.studentId), 'no account id in the student token')
  } finally {
    await s.context.close()
    await e.context.close()
    ctx.baseUrl = base
  }
})
