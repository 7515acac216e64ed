// Consent and confidential records in the browser: the confidentiality notice and the transcript choice from
// "my bookings", the expert's private notes from their schedule, and "my transcripts".
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { DESKTOP, PHONE, apiAs, assertAccessible, assertNoConsoleErrors, login, newPage, screenshot, settled, url } from './support/harness.mjs'
import { setup } from './support/harness.mjs'

setup()

// accounts no other test uses (grade 12: no guardian consent needed)
const STUDENT = 'student179'
const NOTES_STUDENT = 'student191'

/** Books the first free slot of an expert through the API, as the signed-in student. */
async function bookFirstFree(page, expertId) {
  const from = new Date().toISOString()
  const to = new Date(Date.now() + 20 * 86400_000).toISOString()
  const slots = await apiAs(page, `/api/v1/experts/${expertId}/slots?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`)
  const slot = slots.body.items.find((s) => s.available !== false)
  assert.ok(slot, `no free slot for ${expertId}`)
  const r = await apiAs(page, '/api/v1/bookings', 'POST', { expertId, start: slot.start, mode: 'chat', topic: 'sleep' })
  assert.equal(r.status, 201, JSON.stringify(r.body))
  return r.body
}

test('a student reads the confidentiality notice and chooses to keep the transcript, then changes their mind', async () => {
  const { context, page } = await newPage(PHONE)
  try {
    await login(page, STUDENT)
    const booking = await bookFirstFree(page, 'exp-040')
    await page.goto(url('/bookings'))
    await settled(page)
    const card = page.locator(`[data-testid="booking"][data-booking-id="${booking.id}"]`)
    await card.getByTestId('booking-privacy').click()
    const dialog = page.getByTestId('transcript-consent-dialog')
    const notice = dialog.getByTestId('consent-notice')
    await notice.waitFor()
    const text = await notice.textContent()
    assert.match(text, /180 天/)
    assert.match(text, /危及生命/)
    assert.match(await dialog.getByTestId('consent-current').textContent(), /不保存/)
    await screenshot(page, 'privacy-consent-phone')
    await assertAccessible(page, 'transcript consent dialog')
    await dialog.getByTestId('consent-keep').click()
    await dialog.waitFor({ state: 'hidden' })

    const stored = await apiAs(page, `/api/v1/bookings/${booking.id}/transcript-consent`)
    assert.equal(stored.body.keep, true)
    assert.match(stored.body.consent.textHash, /^[0-9a-f]{64}$/)

    await card.getByTestId('booking-privacy').click()
    await dialog.getByTestId('consent-current').filter({ hasText: '已同意' }).waitFor()
    await dialog.getByTestId('consent-discard').click()
    await dialog.waitFor({ state: 'hidden' })
    const after = await apiAs(page, `/api/v1/bookings/${booking.id}/transcript-consent`)
    assert.equal(after.body.keep, false)
    assertNoConsoleErrors(page, 'transcript consent')
  } finally {
    await context.close()
  }
})

test('my transcripts is in the student menu and fits a phone', async () => {
  const { context, page } = await newPage({ width: 360, height: 740 })
  try {
    await login(page, STUDENT)
    await page.getByRole('link', { name: '我的记录' }).click()
    await page.waitForURL((u) => u.pathname === '/transcripts')
    await settled(page)
    await page.getByText('没有保存的谈话记录').waitFor()
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(overflow <= 0, `page wider than the phone by ${overflow}px`)
    await screenshot(page, 'privacy-transcripts-phone')
    await assertAccessible(page, 'my transcripts')
    assertNoConsoleErrors(page, 'my transcripts')
  } finally {
    await context.close()
  }
})

test('the expert writes private notes on a booking and reads them back; the student cannot', async () => {
  const student = await newPage(PHONE)
  const expert = await newPage(DESKTOP)
  try {
    await login(student.page, NOTES_STUDENT)
    const booking = await bookFirstFree(student.page, 'exp-041')
    await login(expert.page, 'expert041')
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(booking.start))
    const epage = expert.page
    await epage.getByTestId('view-week').click()
    await epage.getByTestId('schedule-date').fill(day)
    await epage.getByTestId('schedule-date').dispatchEvent('change')
    await settled(epage)
    // The booking's row opens its detail; the detail's notes button opens the expert's private notes.
    const openNotes = async () => {
      await epage.locator(`[data-testid="schedule-row"][data-booking-id="${booking.id}"]`).click()
      await epage.getByTestId('booking-detail').getByTestId('notes-open').click()
    }
    await openNotes()
    const dialog = epage.getByTestId('notes-dialog')
    await dialog.getByTestId('notes-text').fill('睡眠问题，约定下周复查')
    await dialog.getByTestId('notes-save').click()
    await epage.getByText('笔记已保存').waitFor()
    await assertAccessible(epage, 'session notes')
    await screenshot(epage, 'privacy-notes-desktop')
    await dialog.getByRole('button', { name: '关闭' }).last().click()
    await openNotes()
    await epage.waitForFunction(() => document.querySelector('[data-testid="notes-text"]')?.value === '睡眠问题，约定下周复查')
    const peek = await apiAs(student.page, `/api/v1/bookings/${booking.id}/note`)
    assert.equal(peek.status, 403)
    assertNoConsoleErrors(epage, 'session notes')
  } finally {
    await student.context.close()
    await expert.context.close()
  }
})
