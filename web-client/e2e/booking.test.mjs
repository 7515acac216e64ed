// The booking journey: search by topic, open an expert, book the first free slot, see it, cancel it.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { PHONE, assertNoConsoleErrors, login, newPage, screenshot, settled, setup } from './support/harness.mjs'

setup()

const TOPICS = ['academic_stress', 'emotions', 'relationships', 'sleep', 'parent_child', 'internet_use', 'bullying', 'career', 'puberty', 'family_change']

test('student books the first free slot and cancels it', async () => {
  const { context, page } = await newPage(PHONE)
  try {
    await login(page, 'student001')

    // search by a topic that has experts
    let found = false
    for (const topic of TOPICS) {
      await page.getByTestId('filter-topic').selectOption(topic)
      await page.waitForURL((u) => u.searchParams.get('topic') === topic)
      await settled(page)
      if ((await page.getByTestId('expert-card').count()) > 0) {
        found = true
        break
      }
    }
    assert.ok(found, 'no expert for any topic')

    // open the first expert who has a free time, and find a free slot (up to four weeks ahead)
    const cards = page.getByTestId('expert-card')
    const n = await cards.count()
    let slot = null
    for (let i = 0; i < n && !slot; i++) {
      await cards.nth(i).getByTestId('expert-open').click()
      await page.waitForURL((u) => /^\/experts\/.+/.test(u.pathname))
      await settled(page)
      for (let w = 0; w < 4; w++) {
        if ((await page.getByTestId('slot').count()) > 0) {
          slot = page.getByTestId('slot').first()
          break
        }
        await page.getByTestId('next-week').click()
        await page.waitForFunction(() => !document.querySelector('main .skeleton'))
      }
      if (!slot) {
        await page.goBack()
        await settled(page)
      }
    }
    assert.ok(slot, 'no free slot found')
    const expertName = (await page.locator('#expert-name').textContent()).trim()

    await slot.click()
    const dialog = page.getByTestId('book-dialog')
    await dialog.waitFor({ state: 'visible' })
    await dialog.getByTestId('book-submit').click()
    await dialog.getByTestId('book-confirmation').waitFor()
    await screenshot(page, 'journey-booked-phone')
    await dialog.getByTestId('see-bookings').click()
    await page.waitForURL((u) => u.pathname === '/bookings')
    await settled(page)

    const mine = page.locator('[data-testid="booking"][data-status="confirmed"]', { hasText: expertName })
    await mine.first().waitFor()
    const bookingId = await mine.first().getAttribute('data-booking-id')
    await mine.first().getByTestId('booking-cancel').click()
    const cancelDialog = page.getByTestId('cancel-dialog')
    await cancelDialog.waitFor({ state: 'visible' })
    assert.match(await cancelDialog.textContent(), /迟取消/)
    await cancelDialog.getByTestId('confirm-cancel').click()
    await page.waitForFunction(
      (id) => {
        const el = document.querySelector(`[data-booking-id="${id}"]`)
        return !el || el.getAttribute('data-status') === 'cancelled'
      },
      bookingId,
    )
    await screenshot(page, 'journey-cancelled-phone')
    assertNoConsoleErrors(page, 'booking journey')
  } finally {
    await context.close()
  }
})
