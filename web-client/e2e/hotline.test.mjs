// The hotline's whole flow in three browsers: an anonymous student's risky "talk now" message reaches the top of
// the queue and the console within seconds; the hotline worker presses "help next", chats, opens a case, answers
// the screening questions, hands over to the on-duty crisis expert in the same chat, who records a referral.
// HotlineBrowserTest starts the service and checks the audit log afterwards; without it this test is skipped.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { DESKTOP, PHONE, apiAs, assertAccessible, assertNoConsoleErrors, login, newPage, screenshot, setup, url } from './support/harness.mjs'

setup()

const skip = process.env.WENXIN_E2E_HOTLINE ? false : 'WENXIN_E2E_HOTLINE not set: HotlineBrowserTest runs this'

test('a risky talk-now message becomes a case with a referral, through a warm hand-off', { skip }, async () => {
  const w = await newPage(DESKTOP)
  const s = await newPage(PHONE)
  const x = await newPage(DESKTOP)
  try {
    await login(w.page, 'hotline01')
    await w.page.getByTestId('queue-panel').waitFor()
    assert.equal(await w.page.locator('[data-testid="queue-item"]').count(), 0)

    // The student, not signed in, talks anonymously.
    await s.page.goto(url('/talk-now'))
    await s.page.getByTestId('talk-opening').fill('我攒了很多药，今晚就去死')
    await s.page.getByTestId('talk-start').click()
    await s.page.locator('[data-testid="talk-status"][data-state="waiting"]').waitFor()
    assert.match(await s.page.getByTestId('talk-position').innerText(), /第 1 位/)
    assert.ok(await s.page.getByTestId('talk-phones').isVisible(), 'the phone lines stay in view')
    await assertAccessible(s.page, 'talk now, waiting')
    await screenshot(s.page, 'talk-now-waiting-phone')

    // Within seconds (a push, not the 10 s fallback), at the top of the queue with its risk, and an alert.
    const started = Date.now()
    await w.page.locator('[data-testid="queue-item"][data-risk="3"]').first().waitFor({ timeout: 8_000 })
    await w.page.locator('[data-testid="alert-item"][data-level="3"]').first().waitFor({ timeout: 8_000 })
    const seconds = (Date.now() - started) / 1000
    console.log(`# risky talk on the console after ${seconds.toFixed(1)} s`)
    await screenshot(w.page, 'hotline-console-alert')

    await w.page.getByTestId('help-next').click()
    await w.page.locator('[data-testid="chat-message"][data-from="student"]', { hasText: '攒了很多药' }).waitFor()
    await s.page.getByTestId('talk-taken').waitFor()
    await w.page.getByTestId('chat-input').fill('我在这里，愿意和我说说发生了什么吗？')
    await w.page.getByTestId('chat-send').click()
    await s.page.locator('[data-testid="chat-message"][data-from="expert"]', { hasText: '我在这里' }).waitFor()
    await w.page.getByTestId('alert-ack').first().click()

    await w.page.getByTestId('case-open').click()
    await w.page.locator('[data-testid="case-status"][data-status="open"]').waitFor()
    await w.page.getByTestId('q-desire').selectOption('active')
    for (const q of ['capability', 'intent', 'plan']) await w.page.getByTestId(`q-${q}`).check()
    await w.page.getByTestId('case-assess').click()
    await w.page.locator('[data-testid="case-status"][data-status="assessing"][data-level="4"]').waitFor()
    await assertAccessible(w.page, 'hotline console with a case')
    await screenshot(w.page, 'hotline-console-case')

    // Warm hand-off: the on-duty crisis expert is in the same chat and holds it.
    await w.page.getByTestId('handoff').click()
    await login(x.page, 'hotline02')
    await x.page.getByTestId('chat-tab').first().waitFor()
    await x.page.locator('[data-testid="chat-message"][data-from="student"]', { hasText: '攒了很多药' }).waitFor()
    await x.page.getByTestId('chat-input').fill('我是危机干预老师，现在由我陪你。')
    await x.page.getByTestId('chat-send').click()
    await s.page.locator('[data-testid="chat-message"][data-from="expert"]', { hasText: '危机干预老师' }).waitFor()
    await w.page.locator('[data-testid="chat-message"][data-from="expert"]', { hasText: '危机干预老师' }).waitFor()

    await x.page.getByTestId('referral-facility').fill('温州市第七人民医院')
    await x.page.getByTestId('referral').click()
    await x.page.locator('[data-testid="case-status"][data-status="referred"]').waitFor()
    assert.match(await x.page.getByTestId('case-timeline').innerText(), /转交[\s\S]*转介/)
    await screenshot(x.page, 'hotline-console-referral')

    const verified = await apiAs(x.page, '/api/v1/audit/verify')
    assert.equal(verified.status, 200)
    assert.equal(verified.body.ok, true, JSON.stringify(verified.body))
    for (const p of [w.page, s.page, x.page]) assertNoConsoleErrors(p, p.url())
  } finally {
    await w.context.close()
    await s.context.close()
    await x.context.close()
  }
})
